package dev.tokentally.models;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Provider connections as code: {@code TOKENTALLY_PROVIDERS_<NAME>_API_KEY} and {@code _BASE_URL} (or the
 * properties {@code tokentally.providers.<name>.api-key} / {@code .base-url}) enable that provider at every
 * start-up with that key and address. Runs after the seed data, which creates the connections' rows.
 */
@Component
@Order(1)
class ProviderConnectionsFromEnvironment implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ProviderConnectionsFromEnvironment.class);
    static final List<ProviderKind> CONFIGURABLE = List.of(ProviderKind.OPENAI, ProviderKind.ANTHROPIC,
            ProviderKind.OPENROUTER, ProviderKind.GOOGLE, ProviderKind.OLLAMA);

    private final ProviderConnections connections;
    private final Environment environment;

    ProviderConnectionsFromEnvironment(ProviderConnections connections, Environment environment) {
        this.connections = connections;
        this.environment = environment;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        apply(environment);
    }

    /** Enables every provider the environment names; a provider that needs a key is enabled only with one. */
    void apply(Environment from) {
        for (ProviderKind kind : CONFIGURABLE) {
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
    }
}
