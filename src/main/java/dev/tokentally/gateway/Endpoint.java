package dev.tokentally.gateway;

import java.util.Set;

import dev.tokentally.models.ProviderKind;

/** The gateway's model endpoints, each in one provider's wire format. */
enum Endpoint {
    CHAT_COMPLETIONS(WireFormat.OPENAI, "chat/completions", "chat_completions", null),
    MESSAGES(WireFormat.ANTHROPIC, "messages", "anthropic_messages", Set.of(ProviderKind.ANTHROPIC, ProviderKind.DEMO,
            ProviderKind.BEDROCK, ProviderKind.VERTEX)),
    EMBEDDINGS(WireFormat.OPENAI, "embeddings", "embeddings", null),
    /** OpenAI's Responses API, which OpenAI itself, Azure OpenAI (its v1 API) and the offline demo model serve. */
    RESPONSES(WireFormat.OPENAI, "responses", "responses", Set.of(ProviderKind.OPENAI, ProviderKind.AZURE, ProviderKind.DEMO)),
    /** OpenAI's legacy text completions, which OpenAI-compatible servers serve too (Google's and Anthropic's do not). */
    COMPLETIONS(WireFormat.OPENAI, "completions", "completions",
            Set.of(ProviderKind.OPENAI, ProviderKind.OPENROUTER, ProviderKind.OLLAMA, ProviderKind.DEMO));

    final WireFormat format;
    /** The path below the provider's base URL. */
    final String path;
    /** The name the ledger records calls of this endpoint under. */
    final String ledgerName;
    /** The providers that serve the endpoint; null: all. */
    private final Set<ProviderKind> servedBy;

    Endpoint(WireFormat format, String path, String ledgerName, Set<ProviderKind> servedBy) {
        this.format = format;
        this.path = path;
        this.ledgerName = ledgerName;
        this.servedBy = servedBy;
    }

    boolean servedBy(ProviderKind provider) {
        return servedBy == null || servedBy.contains(provider);
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
