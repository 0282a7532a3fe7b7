package dev.tokentally.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.PricedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Google Vertex AI: a project and region, called with tokens of a service account's JSON key; catalog models by name. */
@Component
class VertexProviderType implements ProviderType {

    private static final Logger log = LoggerFactory.getLogger(VertexProviderType.class);

    private final VertexConnection vertex;

    VertexProviderType(VertexConnection vertex) {
        this.vertex = vertex;
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.VERTEX;
    }

    /** Claude through streamRawPredict, Gemini through Vertex's OpenAI-compatible API, with the service account's token. */
    @Override
    public StreamingChatModel chatModel(ProviderConnections.Credentials credentials, CallSettings call, Duration timeout) {
        if (VertexConnection.isClaude(call.deployment() != null ? call.deployment() : call.modelName())) {
            return vertex.claude(credentials, call, true);
        }
        return OpenAiStreamingChatModel.builder().baseUrl(vertex.target().orElseThrow().openAiBaseUrl())
                .apiKey(vertex.accessToken()).modelName("google/" + call.modelName()).temperature(call.temperature())
                .maxTokens(call.maxOutputTokens()).timeout(timeout).build();
    }

    /** {@code _PROJECT}, {@code _REGION}, {@code _CREDENTIALS_FILE} (a service account's JSON key) and {@code _BASE_URL}. */
    @Override
    public void configureFrom(Environment from) {
        String prefix = "tokentally.providers.vertex";
        String file = from.getProperty(prefix + ".credentials-file");
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            vertex.configure(from.getProperty(prefix + ".project"), from.getProperty(prefix + ".region"),
                    Files.readString(Path.of(file.trim())), from.getProperty(prefix + ".base-url"));
            log.info("Google Vertex AI enabled from the environment for project {}", from.getProperty(prefix + ".project"));
        } catch (IOException unreadable) {
            log.error("TOKENTALLY_PROVIDERS_VERTEX_CREDENTIALS_FILE: {} cannot be read; left as it was", file);
        } catch (RuntimeException refused) {
            log.error("TOKENTALLY_PROVIDERS_VERTEX_*: {}; left as it was", refused.getMessage());
        }
    }

    @Override
    public String connectingVariable(String connection) {
        return "TOKENTALLY_PROVIDERS_VERTEX_CREDENTIALS_FILE";
    }

    @Override
    public Optional<PricedModel> priced(String connection, String name, PriceLookup prices) {
        return vertex.priced(name);
    }

    /** Gemini models go to Vertex when a platform admin prefers it. */
    @Override
    public ChatModelChoice preferred(ChatModelChoice model) {
        return vertex.preferred(model);
    }

    @Override
    public String sampleModel(String connection) {
        return "gemini-2.5-flash";
    }
}
