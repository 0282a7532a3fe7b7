package dev.tokentally.usage;

import java.util.UUID;

/**
 * Published for each usage event a transaction records: who used how much, counted by the usage metrics once it
 * commits. Work once per organization listens to {@link OrganizationUsageRecorded}. {@code modelId} is the
 * catalog model the call was priced as, null when the catalog does not know the reported one; {@code attribution}
 * carries the team the event was charged to.
 */
public record UsageRecorded(UUID eventId, long organizationId, String provider, String model, Long modelId,
                            long totalTokens, EventCost cost, Attribution attribution) {
}
