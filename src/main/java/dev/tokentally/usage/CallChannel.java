package dev.tokentally.usage;

/**
 * How a call reached its model: the wire format it was made in and the connection that served it. Through the
 * gateway the format is its endpoint's ({@code chat_completions}, {@code responses}, {@code completions},
 * {@code anthropic_messages}, {@code embeddings}); other sources name themselves ({@code member_chat},
 * {@code usage_api}, {@code provider_sync}, {@code import}). The connection is null where the ledger cannot know it,
 * as for usage another application reports.
 */
public record CallChannel(String wireFormat, String connection) {

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
