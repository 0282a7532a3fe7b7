package dev.tokentally.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import dev.tokentally.base.CallTags;
import dev.tokentally.pricing.TokenCounts;

/**
 * A ledger row as read back. Its team and key (in its attribution) are null for none. A call answered from the gateway's
 * response cache is a cache hit at zero cost (see {@link EventCost}).
 */
public record UsageEvent(UUID id, long organizationId, String provider, String model, TokenCounts tokens, EventCost cost,
                         UsageSource source, String idempotencyKey, Instant occurredAt, Instant recordedAt,
                         Attribution attribution, boolean estimated) {

    public UsageEvent withCacheHit(BigDecimal savedAmount) {
        return new UsageEvent(id, organizationId, provider, model, tokens, cost.asCacheHit(savedAmount), source, idempotencyKey,
                occurredAt, recordedAt, attribution, estimated);
    }

    public boolean cacheHit() {
        return cost.cacheHit();
    }

    public BigDecimal saved() {
        return cost.saved();
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
