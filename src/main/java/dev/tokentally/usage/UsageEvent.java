package dev.tokentally.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import dev.tokentally.base.CallTags;
import dev.tokentally.pricing.TokenCounts;

/**
 * A ledger row as read back. Its team and key (in its attribution) are null for none. A call answered from the gateway's
 * response cache is a {@code cacheHit} at zero cost; {@code saved} is what it would have cost, in the event's currency
 * (null: not a hit, or the cached answer was unpriced).
 */
public record UsageEvent(UUID id, long organizationId, String provider, String model, TokenCounts tokens, EventCost cost,
                         UsageSource source, String idempotencyKey, Instant occurredAt, Instant recordedAt,
                         Attribution attribution, boolean estimated, boolean cacheHit, BigDecimal saved) {

    public UsageEvent(UUID id, long organizationId, String provider, String model, TokenCounts tokens, EventCost cost,
                      UsageSource source, String idempotencyKey, Instant occurredAt, Instant recordedAt,
                      Attribution attribution, boolean estimated) {
        this(id, organizationId, provider, model, tokens, cost, source, idempotencyKey, occurredAt, recordedAt, attribution,
                estimated, false, null);
    }

    public UsageEvent withCacheHit(BigDecimal savedAmount) {
        return new UsageEvent(id, organizationId, provider, model, tokens, cost, source, idempotencyKey, occurredAt, recordedAt,
                attribution, estimated, true, savedAmount);
    }

    /** This event with its tags, as the ledger keeps them. */
    public UsageEvent withTags(CallTags tags) {
        return new UsageEvent(id, organizationId, provider, model, tokens, cost, source, idempotencyKey, occurredAt,
                recordedAt, attribution.withTags(tags), estimated);
    }

    public CallTags tags() {
        return attribution.tags();
    }

    public boolean priced() {
        return cost.rawCostUsd() != null;
    }
}
