package dev.tokentally.models;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of connection the chat and the gateway call, with where each one answers unless an admin overrides it.
 * Each kind has one connection named by its code, except {@link #COMPATIBLE}: any number of OpenAI-compatible
 * servers, each named by its admin (its name in lower case is its code and its catalog provider).
 */
public enum ProviderKind {
    OPENAI("openai", "OpenAI", "https://api.openai.com/v1", true),
    ANTHROPIC("anthropic", "Anthropic", "https://api.anthropic.com/v1/", true),
    OPENROUTER("openrouter", "OpenRouter", "https://openrouter.ai/api/v1", true),
    GOOGLE("google", "Google Gemini", "https://generativelanguage.googleapis.com/v1beta", true),
    OLLAMA("ollama", "Ollama", "http://localhost:11434", false),
    DEMO("demo", "Demo (offline)", null, false),
    AZURE("azure", "Azure OpenAI", null, true),
    COMPATIBLE("compatible", "OpenAI-compatible", null, false),
    /** Answers in its region, signed with an access key pair or the default AWS credentials ({@link BedrockConnection}). */
    BEDROCK("bedrock", "Amazon Bedrock", null, false),
    /** Its key is a service account's JSON key; it answers in the connection's region ({@link VertexConnection}). */
    VERTEX("vertex", "Google Vertex AI", VertexConnection.REGIONAL_URL, true);

    private final String code;
    private final String displayName;
    private final String defaultBaseUrl;
    private final boolean needsApiKey;

    ProviderKind(String code, String displayName, String defaultBaseUrl, boolean needsApiKey) {
        this.code = code;
        this.displayName = displayName;
        this.defaultBaseUrl = defaultBaseUrl;
        this.needsApiKey = needsApiKey;
    }

    public String code() {
        return code;
    }

    public String displayName() {
        return displayName;
    }

    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    public boolean needsApiKey() {
        return needsApiKey;
    }

    /** Whether an admin can point it elsewhere: everything but the offline demo. */
    public boolean hasBaseUrl() {
        return this != DEMO;
    }

    /** Whether it cannot be enabled without a base URL: it has none of its own (Bedrock's follows from its region). */
    public boolean needsBaseUrl() {
        return hasBaseUrl() && defaultBaseUrl == null && this != BEDROCK;
    }

    /** Whether the kind has exactly one connection, named by its code (every kind but {@link #COMPATIBLE}). */
    public boolean single() {
        return this != COMPATIBLE;
    }

    public static Optional<ProviderKind> of(String code) {
        return Arrays.stream(values()).filter(kind -> kind.code.equals(code)).findFirst();
    }
}
