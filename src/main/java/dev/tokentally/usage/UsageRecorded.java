package dev.tokentally.usage;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * Published for each usage event a transaction records: who used how much, counted by the usage metrics once it
 * commits. Work once per organization listens to {@link OrganizationUsageRecorded}. {@code modelId} is the
 * catalog model the call was priced as, null when the catalog does not know the reported one.
 */
public record UsageRecorded(UUID eventId, long organizationId, Long userId, String agent, String provider, String model,
                            Long modelId, long totalTokens, BigDecimal rawCostUsd, BigDecimal billedCost, String currency,
                            Long teamId, Long apiKeyId) {
}
