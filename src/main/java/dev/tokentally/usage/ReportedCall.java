package dev.tokentally.usage;

import java.math.BigDecimal;
import java.time.Instant;

import dev.tokentally.base.CallTags;
import dev.tokentally.pricing.TokenCounts;

/**
 * One billable call as a source reports it; token counts follow the named provider's own semantics. Whose call it
 * was is its {@link Attribution}: there {@code teamId} is the team the source names (the ingest API's {@code team},
 * the chat thread's team), null for none; the ledger decides the event's team from it, the key's or agent's team
 * and the member's default team. How it reached its model is its {@link CallChannel}; a report without one came
 * through the channel its source implies. A call answered from the gateway's response cache carries its
 * {@link CacheHit}: the ledger books it at zero cost with the money it saved (null: a call a provider answered).
 */
public record ReportedCall(String idempotencyKey, String provider, String model, TokenCounts tokens,
                           Attribution attribution, String message, Instant occurredAt, BigDecimal providerCostUsd,
                           String metadataJson, boolean estimated, UsageSource source, CallChannel channel, CacheHit cacheHit) {

    /** What the cached answer cost when a provider gave it (null amount: it was unpriced), in that event's currency. */
    public record CacheHit(BigDecimal saved, String currency) {
    }

    public ReportedCall {
        if (channel == null) {
            channel = CallChannel.impliedBy(source, provider);
        }
    }

    public ReportedCall(String idempotencyKey, String provider, String model, TokenCounts tokens, Attribution attribution,
                        String message, Instant occurredAt, BigDecimal providerCostUsd, String metadataJson, boolean estimated,
                        UsageSource source, CallChannel channel) {
        this(idempotencyKey, provider, model, tokens, attribution, message, occurredAt, providerCostUsd, metadataJson,
                estimated, source, channel, null);
    }

    public ReportedCall(String idempotencyKey, String provider, String model, TokenCounts tokens, Attribution attribution,
                        String message, Instant occurredAt, BigDecimal providerCostUsd, String metadataJson, boolean estimated,
                        UsageSource source) {
        this(idempotencyKey, provider, model, tokens, attribution, message, occurredAt, providerCostUsd, metadataJson,
                estimated, source, null);
    }

    public ReportedCall withTeam(Long team) {
        return withAttribution(attribution.withTeam(team));
    }

    public ReportedCall withApiKey(Long apiKey) {
        return withAttribution(attribution.withApiKey(apiKey));
    }

    public ReportedCall withAttribution(Attribution changed) {
        return new ReportedCall(idempotencyKey, provider, model, tokens, changed, message, occurredAt, providerCostUsd,
                metadataJson, estimated, source, channel, cacheHit);
    }

    /** This call with its tags, part of its attribution. */
    public ReportedCall withTags(CallTags tags) {
        return withAttribution(attribution.withTags(tags));
    }

    public CallTags tags() {
        return attribution.tags();
    }

    public ReportedCall withChannel(CallChannel changed) {
        return new ReportedCall(idempotencyKey, provider, model, tokens, attribution, message, occurredAt, providerCostUsd,
                metadataJson, estimated, source, changed, cacheHit);
    }

    public ReportedCall withCacheHit(CacheHit hit) {
        return new ReportedCall(idempotencyKey, provider, model, tokens, attribution, message, occurredAt, providerCostUsd,
                metadataJson, estimated, source, channel, hit);
    }
}
