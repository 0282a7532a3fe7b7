package dev.tokentally.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import dev.tokentally.pricing.TokenUsage;

/** A ledger row as read back. Costs are null when the event is unpriced; team and key are null for none. */
public record UsageEvent(UUID id, long organizationId, String provider, String model, TokenUsage tokens,
                         BigDecimal rawCostUsd, BigDecimal billedCost, String billedCurrency, Long priceVersionId,
                         UsageSource source, String idempotencyKey, Instant occurredAt, Instant recordedAt,
                         Long userId, String externalUser, String agent, String session, boolean estimated,
                         Long teamId, Long apiKeyId) {

    public boolean priced() {
        return rawCostUsd != null;
    }
}
