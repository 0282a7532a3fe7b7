package dev.tokentally.gateway;

/** The gateway's model endpoints, each in one provider's wire format. */
enum Endpoint {
    CHAT_COMPLETIONS(WireFormat.OPENAI, "chat/completions"),
    MESSAGES(WireFormat.ANTHROPIC, "messages"),
    EMBEDDINGS(WireFormat.OPENAI, "embeddings");

    final WireFormat format;
    /** The path below the provider's base URL. */
    final String path;

    Endpoint(WireFormat format, String path) {
        this.format = format;
        this.path = path;
    }
}
