package dev.tokentally.models;

import java.time.Duration;

import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/** Builds the LangChain4j streaming client for one call, from the provider's stored connection. */
@Component
@EnableConfigurationProperties(ModelCallProperties.class)
public class ModelClients {

    /** Anthropic requires a limit on every request; this one applies when neither agent nor catalog gives one. */
    static final int ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

    private final ProviderConnections connections;
    private final VertexConnection vertex;
    private final Tokenizer tokenizer;
    private final Duration demoPace;
    private final BedrockConnection bedrock;
    private final AzureEntraId entraId;

    ModelClients(ProviderConnections connections, VertexConnection vertex, Tokenizer tokenizer,
                 ModelCallProperties calls, BedrockConnection bedrock, AzureEntraId entraId) {
        this.connections = connections;
        this.entraId = entraId;
        this.bedrock = bedrock;
        this.vertex = vertex;
        this.tokenizer = tokenizer;
        this.demoPace = calls.demoPace();
    }

    /** @throws ProviderUnavailableException when the provider is switched off */
    public StreamingChatModel streaming(CallSettings call) {
        ProviderConnections.Credentials credentials = connections.credentials(call.connection())
                .orElseThrow(() -> new ProviderUnavailableException(call.provider().displayName()
                        + " is switched off; choose another model"));
        Duration timeout = Duration.ofSeconds(credentials.timeoutSeconds());
        return switch (call.provider()) {
            case DEMO -> new DemoChatModel(call.modelName(), tokenizer, demoPace, call.maxOutputTokens());
            case OPENAI -> OpenAiStreamingChatModel.builder().baseUrl(credentials.baseUrl()).apiKey(credentials.apiKey())
                    .modelName(call.modelName()).temperature(call.temperature())
                    .maxCompletionTokens(call.maxOutputTokens()).timeout(timeout).build();
            case OPENROUTER -> OpenAiStreamingChatModel.builder().baseUrl(credentials.baseUrl()).apiKey(credentials.apiKey())
                    .modelName(call.modelName()).temperature(call.temperature())
                    .maxTokens(call.maxOutputTokens()).timeout(timeout).build();
            case ANTHROPIC -> AnthropicStreamingChatModel.builder().baseUrl(credentials.baseUrl())
                    .apiKey(credentials.apiKey()).modelName(call.modelName()).temperature(call.temperature())
                    .maxTokens(call.maxOutputTokens() != null ? call.maxOutputTokens() : ANTHROPIC_DEFAULT_MAX_TOKENS)
                    .timeout(timeout).build();
            case GOOGLE -> GoogleAiGeminiStreamingChatModel.builder().baseUrl(credentials.baseUrl())
                    .apiKey(credentials.apiKey()).modelName(call.modelName()).temperature(call.temperature())
                    .maxOutputTokens(call.maxOutputTokens()).timeout(timeout).build();
            case COMPATIBLE -> OpenAiStreamingChatModel.builder().baseUrl(credentials.baseUrl()).apiKey(credentials.apiKey())
                    .modelName(call.modelName()).temperature(call.temperature())
                    .maxTokens(call.maxOutputTokens()).timeout(timeout).build();
            // Azure's deployment URL, api-version query and api-key header (or Entra ID token) on LangChain4j's OpenAI model.
            case AZURE -> OpenAiStreamingChatModel.builder().baseUrl(Urls.trimmed(credentials.baseUrl()) + "/openai/deployments/"
                            + call.deployment())
                    .customHeaders(entraId.headers(credentials))
                    .customQueryParams(java.util.Map.of("api-version", credentials.apiVersion()))
                    .modelName(call.modelName()).temperature(call.temperature())
                    .maxCompletionTokens(call.maxOutputTokens()).timeout(timeout).build();
            case BEDROCK -> bedrock.model(credentials, call, true);
            // Gemini through Vertex's OpenAI-compatible API with the service account's token (Claude on Vertex: gateway only).
            case VERTEX -> OpenAiStreamingChatModel.builder().baseUrl(vertex.target().orElseThrow().openAiBaseUrl())
                    .apiKey(vertex.accessToken()).modelName("google/" + call.modelName()).temperature(call.temperature())
                    .maxTokens(call.maxOutputTokens()).timeout(timeout).build();
            case OLLAMA -> OllamaStreamingChatModel.builder().baseUrl(credentials.baseUrl()).modelName(call.modelName())
                    .temperature(call.temperature()).timeout(timeout).build();
        };
    }
}
