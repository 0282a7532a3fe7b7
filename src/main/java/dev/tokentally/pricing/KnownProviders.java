package dev.tokentally.pricing;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Names and token semantics of the providers Tokentally knows; others count like OpenAI. */
final class KnownProviders {

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("openai", "OpenAI"), Map.entry("anthropic", "Anthropic"), Map.entry("openrouter", "OpenRouter"),
            Map.entry("google", "Google Gemini"), Map.entry("ollama", "Ollama"), Map.entry("demo", "Demo (offline)"),
            Map.entry("xai", "xAI"), Map.entry("deepseek", "DeepSeek"), Map.entry("moonshot", "Moonshot AI"),
            Map.entry("bedrock", "Amazon Bedrock"), Map.entry("volcengine", "Volcengine"), Map.entry("zhipu", "Zhipu AI"),
            Map.entry("minimax", "MiniMax"), Map.entry("azure", "Azure OpenAI"),
            Map.entry("vertex", "Google Vertex AI"));

    /** The providers the chat talks to; they exist from the first start, with or without models. */
    static final List<String> CHAT_PROVIDERS = List.of("openai", "anthropic", "openrouter", "google",
            "ollama", "demo", "azure", "vertex");

    private KnownProviders() {
    }

    static String displayName(String code) {
        String name = NAMES.get(code);
        return name != null ? name : code.substring(0, 1).toUpperCase(Locale.ROOT) + code.substring(1);
    }
}
