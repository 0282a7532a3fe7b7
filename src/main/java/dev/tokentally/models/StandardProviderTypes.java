package dev.tokentally.models;

import java.time.Duration;

import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The kinds that are a key and a base URL ({@code TOKENTALLY_PROVIDERS_<KIND>_API_KEY} / {@code _BASE_URL}), each with
 * its LangChain4j client and the model a Test connection calls.
 */
@Configuration(proxyBeanMethods = false)
class StandardProviderTypes {

    private static final Logger log = LoggerFactory.getLogger(StandardProviderTypes.class);

    /** Anthropic requires a limit on every request; this one applies when neither agent nor catalog gives one. */
    static final int ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

    /** A kind's LangChain4j client. */
    interface ChatClient {
        StreamingChatModel build(ProviderConnections.Credentials credentials, CallSettings call, Duration timeout);
    }

    @Bean
    ProviderType openAiType(ProviderConnections connections) {
        return new KeyAndUrl(ProviderKind.OPENAI, "gpt-4o-mini", connections, (credentials, call, timeout) ->
                OpenAiStreamingChatModel.builder().baseUrl(credentials.baseUrl()).apiKey(credentials.apiKey())
                        .modelName(call.modelName()).temperature(call.temperature())
                        .maxCompletionTokens(call.maxOutputTokens()).timeout(timeout).build());
    }

    @Bean
    ProviderType openRouterType(ProviderConnections connections) {
        return new KeyAndUrl(ProviderKind.OPENROUTER, "", connections, (credentials, call, timeout) ->
                OpenAiStreamingChatModel.builder().baseUrl(credentials.baseUrl()).apiKey(credentials.apiKey())
                        .modelName(call.modelName()).temperature(call.temperature())
                        .maxTokens(call.maxOutputTokens()).timeout(timeout).build());
    }

    @Bean
    ProviderType anthropicType(ProviderConnections connections) {
        return new KeyAndUrl(ProviderKind.ANTHROPIC, "claude-haiku-4-5", connections, (credentials, call, timeout) ->
                AnthropicStreamingChatModel.builder().baseUrl(credentials.baseUrl())
                        .apiKey(credentials.apiKey()).modelName(call.modelName()).temperature(call.temperature())
                        .maxTokens(call.maxOutputTokens() != null ? call.maxOutputTokens() : ANTHROPIC_DEFAULT_MAX_TOKENS)
                        .timeout(timeout).build());
    }

    @Bean
    ProviderType googleType(ProviderConnections connections) {
        return new KeyAndUrl(ProviderKind.GOOGLE, "gemini-2.5-flash", connections, (credentials, call, timeout) ->
                GoogleAiGeminiStreamingChatModel.builder().baseUrl(credentials.baseUrl())
                        .apiKey(credentials.apiKey()).modelName(call.modelName()).temperature(call.temperature())
                        .maxOutputTokens(call.maxOutputTokens()).timeout(timeout).build());
    }

    @Bean
    ProviderType ollamaType(ProviderConnections connections) {
        return new KeyAndUrl(ProviderKind.OLLAMA, "", connections, (credentials, call, timeout) ->
                OllamaStreamingChatModel.builder().baseUrl(credentials.baseUrl()).modelName(call.modelName())
                        .temperature(call.temperature()).timeout(timeout).build());
    }

    /** A kind enabled by {@code _API_KEY} (or, when it needs none, {@code _BASE_URL}), at that address or its own. */
    private record KeyAndUrl(ProviderKind kind, String sampleModel, ProviderConnections connections, ChatClient client)
            implements ProviderType {

        @Override
        public StreamingChatModel chatModel(ProviderConnections.Credentials credentials, CallSettings call, Duration timeout) {
            return client.build(credentials, call, timeout);
        }

        @Override
        public void configureFrom(Environment from) {
            String prefix = "tokentally.providers." + kind.code();
            String apiKey = from.getProperty(prefix + ".api-key");
            String baseUrl = from.getProperty(prefix + ".base-url");
            boolean hasKey = apiKey != null && !apiKey.isBlank();
            boolean hasUrl = baseUrl != null && !baseUrl.isBlank();
            if (hasKey || (hasUrl && !kind.needsApiKey())) {
                connections.configure(kind, baseUrl, apiKey);
                log.info("{} enabled from the environment at {}", kind.displayName(), hasUrl ? baseUrl : kind.defaultBaseUrl());
            } else if (hasUrl) {
                log.warn("{} has a base URL in the environment but no API key; left as it was", kind.displayName());
            }
        }

        @Override
        public String sampleModel(String connection) {
            return sampleModel;
        }
    }
}
