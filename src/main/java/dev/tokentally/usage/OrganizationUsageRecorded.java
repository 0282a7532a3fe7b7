package dev.tokentally.usage;

/**
 * The "usage recorded" signal ({@link UsageSignal} says how it reaches other instances): published once per
 * organization and recording transaction that added events (however many), after the per-event {@link UsageRecorded}s,
 * for work that needs doing once per organization, such as budget checks and live views.
 */
public record OrganizationUsageRecorded(long organizationId, int events, long totalTokens) {
}
