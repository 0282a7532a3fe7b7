package dev.tokentally.models;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Provider connections as code: {@code TOKENTALLY_PROVIDERS_<NAME>_API_KEY} and {@code _BASE_URL} (or the
 * properties {@code tokentally.providers.<name>.api-key} / {@code .base-url}) enable that provider at every
 * start-up with that key and address; each kind reads its own variables (see {@link ProviderType#configureFrom}: Azure's
 * {@code _API_VERSION} and {@code _DEPLOYMENTS}, Bedrock's {@code _REGION}, Vertex's {@code _CREDENTIALS_FILE}, any
 * number of {@code TOKENTALLY_PROVIDERS_COMPATIBLE_<NAME>_*}). Runs after the seed data, which creates the connections' rows.
 */
@Component
@Order(1)
class ProviderConnectionsFromEnvironment implements ApplicationRunner {

    private final ProviderTypes types;
    private final Environment environment;

    ProviderConnectionsFromEnvironment(ProviderTypes types, Environment environment) {
        this.types = types;
        this.environment = environment;
    }

    /** Each connection in its own transaction, so that one refused leaves the others configured. */
    @Override
    public void run(ApplicationArguments args) {
        apply(environment);
    }

    /** Enables every provider the environment names; a provider that needs a key is enabled only with one. */
    void apply(Environment from) {
        types.all().forEach(type -> type.configureFrom(from));
    }
}
