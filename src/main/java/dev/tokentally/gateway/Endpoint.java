package dev.tokentally.gateway;

/** The gateway's model endpoints, each in one provider's wire format; which kinds serve each: {@link UpstreamType#endpoints}. */
enum Endpoint {
    CHAT_COMPLETIONS(WireFormat.OPENAI, "chat/completions", "chat_completions"),
    MESSAGES(WireFormat.ANTHROPIC, "messages", "anthropic_messages"),
    EMBEDDINGS(WireFormat.OPENAI, "embeddings", "embeddings"),
    /** OpenAI's Responses API. */
    RESPONSES(WireFormat.OPENAI, "responses", "responses"),
    /** OpenAI's legacy text completions. */
    COMPLETIONS(WireFormat.OPENAI, "completions", "completions");

    final WireFormat format;
    /** The path below the provider's base URL. */
    final String path;
    /** The name the ledger records calls of this endpoint under. */
    final String ledgerName;

    Endpoint(WireFormat format, String path, String ledgerName) {
        this.format = format;
        this.path = path;
        this.ledgerName = ledgerName;
    }

    /** The API's own name, for messages. */
    String apiName() {
        return switch (this) {
            case MESSAGES -> "Anthropic's Messages API";
            case RESPONSES -> "OpenAI's Responses API";
            case COMPLETIONS -> "OpenAI's legacy completions API";
            default -> "OpenAI's " + path + " API";
        };
    }

    /**
     * Whether a stream ends with usage only when the request asks for it ({@code stream_options.include_usage}), so that
     * the gateway asks; a Responses stream always ends with it in {@code response.completed}.
     */
    boolean streamUsageOnRequest() {
        return this == CHAT_COMPLETIONS || this == COMPLETIONS;
    }
}
