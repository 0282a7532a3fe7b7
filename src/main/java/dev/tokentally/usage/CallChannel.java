package dev.tokentally.usage;

import java.math.BigDecimal;

/**
 * How a call reached its model: the wire format it was made in and the connection that served it. Through the
 * gateway the format is its endpoint's ({@code chat_completions}, {@code responses}, {@code completions},
 * {@code anthropic_messages}, {@code embeddings}); other sources name themselves ({@code member_chat},
 * {@code usage_api}, {@code provider_sync}, {@code import}). The connection is null where the ledger cannot know it,
 * as for usage another application reports. A call the gateway's response cache answered did not reach its model:
 * it carries its {@link CacheHit} (null: a call a provider answered).
 */
public record CallChannel(String wireFormat, String connection, CacheHit cacheHit) {

    /** What the cached answer cost when a provider gave it (null amount: it was unpriced), in that event's currency. */
    public record CacheHit(BigDecimal saved, String currency) {
    }

    public CallChannel(String wireFormat, String connection) {
        this(wireFormat, connection, null);
    }

    CallChannel withCacheHit(CacheHit hit) {
        return new CallChannel(wireFormat, connection, hit);
    }

    /** What a report that names no channel came through, as its source says: the chat calls through its provider's connection. */
    static CallChannel impliedBy(UsageSource source, String provider) {
        return switch (source) {
            case CHAT -> new CallChannel("member_chat", provider);
            case API -> new CallChannel("usage_api", null);
            case SYNC -> new CallChannel("provider_sync", null);
            case IMPORT -> new CallChannel("import", null);
            case GATEWAY -> new CallChannel("gateway", provider);
        };
    }
}
