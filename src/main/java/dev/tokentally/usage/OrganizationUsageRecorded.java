package dev.tokentally.usage;

/**
 * Published once per organization and recording transaction that added events (however many), after the
 * per-event {@link UsageRecorded}s: for work that needs doing once per organization, such as budget checks.
 */
public record OrganizationUsageRecorded(long organizationId, int events, long totalTokens) {
}
