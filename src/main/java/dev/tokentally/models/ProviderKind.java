package dev.tokentally.models;

import java.util.Arrays;
import java.util.Optional;

/** The providers the chat can call, with where each one answers unless an admin overrides it. */
public enum ProviderKind {
    OPENAI("openai", "OpenAI", "https://api.openai.com/v1", true),
    ANTHROPIC("anthropic", "Anthropic", "https://api.anthropic.com/v1/", true),
    OPENROUTER("openrouter", "OpenRouter", "https://openrouter.ai/api/v1", true),
    GOOGLE("google", "Google Gemini", "https://generativelanguage.googleapis.com/v1beta", true),
    OLLAMA("ollama", "Ollama", "http://localhost:11434", false),
    DEMO("demo", "Demo (offline)", null, false);

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

    public static Optional<ProviderKind> of(String code) {
        return Arrays.stream(values()).filter(kind -> kind.code.equals(code)).findFirst();
    }
}
