package dev.tokentally.models;

import java.time.Duration;

import dev.langchain4j.model.chat.StreamingChatModel;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/** Builds the LangChain4j streaming client for one call, from the provider's stored connection, as its kind's {@link ProviderType} does. */
@Component
@EnableConfigurationProperties(ModelCallProperties.class)
public class ModelClients {

    private final ProviderConnections connections;
    private final ProviderTypes types;

    ModelClients(ProviderConnections connections, ProviderTypes types) {
        this.connections = connections;
        this.types = types;
    }

    /** @throws ProviderUnavailableException when the provider is switched off */
    public StreamingChatModel streaming(CallSettings call) {
        ProviderConnections.Credentials credentials = connections.credentials(call.connection())
                .orElseThrow(() -> new ProviderUnavailableException(call.provider().displayName()
                        + " is switched off; choose another model"));
        Duration timeout = Duration.ofSeconds(credentials.timeoutSeconds());
        return types.of(call.provider()).chatModel(credentials, call, timeout);
    }
}
