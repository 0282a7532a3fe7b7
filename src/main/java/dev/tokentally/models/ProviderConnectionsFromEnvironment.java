package dev.tokentally.models;

import java.util.List;
import java.util.Map;

import dev.tokentally.base.FieldRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Provider connections as code: {@code TOKENTALLY_PROVIDERS_<NAME>_API_KEY} and {@code _BASE_URL} (or the
 * properties {@code tokentally.providers.<name>.api-key} / {@code .base-url}) enable that provider at every
 * start-up with that key and address; Azure takes {@code _API_VERSION} and {@code _DEPLOYMENTS} too (and, instead of
 * a key, {@code _TENANT_ID}, {@code _CLIENT_ID} and {@code _CLIENT_SECRET} for Entra ID client credentials), Bedrock
 * {@code _REGION}, {@code _ACCESS_KEY_ID} and {@code _SECRET_ACCESS_KEY} (and an optional {@code _BASE_URL}), and any number
 * of OpenAI-compatible servers come as {@code TOKENTALLY_PROVIDERS_COMPATIBLE_<NAME>_BASE_URL} / {@code _API_KEY} /
 * {@code _MODELS} (a map bound by Spring's relaxed binding); Google Vertex AI takes {@code _VERTEX_PROJECT},
 * {@code _REGION}, {@code _CREDENTIALS_FILE} (a service account's JSON key) and {@code _BASE_URL}. Runs after the seed data, which creates the connections' rows.
 */
@Component
@Order(1)
class ProviderConnectionsFromEnvironment implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ProviderConnectionsFromEnvironment.class);
    static final List<ProviderKind> CONFIGURABLE = List.of(ProviderKind.OPENAI, ProviderKind.ANTHROPIC,
            ProviderKind.OPENROUTER, ProviderKind.GOOGLE, ProviderKind.OLLAMA);

    /** One OpenAI-compatible server of {@code tokentally.providers.compatible.<name>}. */
    record CompatibleServer(String baseUrl, String apiKey, String models) {
    }

    private final ProviderConnections connections;
    private final CompatibleConnections compatible;
    private final AzureConnection azure;
    private final BedrockConnection bedrock;
    private final VertexConnection vertex;
    private final Environment environment;

    ProviderConnectionsFromEnvironment(ProviderConnections connections, CompatibleConnections compatible,
                                       AzureConnection azure, BedrockConnection bedrock, VertexConnection vertex,
                                       Environment environment) {
        this.connections = connections;
        this.compatible = compatible;
        this.azure = azure;
        this.bedrock = bedrock;
        this.vertex = vertex;
        this.environment = environment;
    }

    /** Each connection in its own transaction, so that one refused leaves the others configured. */
    @Override
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
        applyAzure(from);
        applyBedrock(from);
        applyVertex(from);
        compatibleServers(from).forEach((name, server) -> {
            try {
                compatible.configure(name, server.baseUrl(), server.apiKey(), server.models());
                log.info("OpenAI-compatible connection {} enabled from the environment at {}", name, server.baseUrl());
            } catch (IllegalArgumentException | FieldRejectedException refused) {
                log.error("TOKENTALLY_PROVIDERS_COMPATIBLE_{}_*: {}; left as it was", name.toUpperCase(java.util.Locale.ROOT),
                        refused.getMessage());
            }
        });
    }

    /** {@code tokentally.providers.compatible.<name>.*}, whatever the form the names come in (environment or properties). */
    static Map<String, CompatibleServer> compatibleServers(Environment from) {
        return Binder.get(from).bind("tokentally.providers.compatible", Bindable.mapOf(String.class, CompatibleServer.class))
                .orElse(Map.of());
    }

    /** {@code _REGION} enables Bedrock, signed with {@code _ACCESS_KEY_ID} and {@code _SECRET_ACCESS_KEY} or the default chain. */
    private void applyBedrock(Environment from) {
        String prefix = "tokentally.providers.bedrock";
        String region = from.getProperty(prefix + ".region");
        if (region == null || region.isBlank()) {
            return;
        }
        try {
            bedrock.configure(region, from.getProperty(prefix + ".access-key-id"), from.getProperty(prefix + ".secret-access-key"),
                    from.getProperty(prefix + ".base-url"));
            log.info("Amazon Bedrock enabled from the environment in {}", region);
        } catch (IllegalArgumentException | FieldRejectedException refused) {
            log.error("TOKENTALLY_PROVIDERS_BEDROCK_*: {}; left as it was", refused.getMessage());
        }
    }

    private void applyAzure(Environment from) {
        String prefix = "tokentally.providers.azure";
        String baseUrl = from.getProperty(prefix + ".base-url");
        String apiKey = from.getProperty(prefix + ".api-key");
        if (baseUrl == null || baseUrl.isBlank()) {
            return;
        }
        String apiVersion = from.getProperty(prefix + ".api-version");
        String tenantId = from.getProperty(prefix + ".tenant-id");
        if (tenantId != null && !tenantId.isBlank()) {
            // Entra ID client credentials instead of a key: the client secret is the connection's key.
            apiKey = from.getProperty(prefix + ".client-secret");
        }
        if (apiKey == null || apiKey.isBlank() || apiVersion == null || apiVersion.isBlank()) {
            log.warn("Azure OpenAI has a base URL in the environment but no API key (or Entra ID client secret) or API"
                    + " version; left as it was");
            return;
        }
        try {
            azure.configure(baseUrl, apiKey, apiVersion, from.getProperty(prefix + ".deployments"), tenantId,
                    from.getProperty(prefix + ".client-id"));
            log.info("Azure OpenAI enabled from the environment at {}", baseUrl);
        } catch (IllegalArgumentException | FieldRejectedException refused) {
            log.error("TOKENTALLY_PROVIDERS_AZURE_*: {}; left as it was", refused.getMessage());
        }
    }

    private void applyVertex(Environment from) {
        String prefix = "tokentally.providers.vertex";
        String file = from.getProperty(prefix + ".credentials-file");
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            vertex.configure(from.getProperty(prefix + ".project"), from.getProperty(prefix + ".region"),
                    java.nio.file.Files.readString(java.nio.file.Path.of(file.trim())), from.getProperty(prefix + ".base-url"));
            log.info("Google Vertex AI enabled from the environment for project {}", from.getProperty(prefix + ".project"));
        } catch (java.io.IOException unreadable) {
            log.error("TOKENTALLY_PROVIDERS_VERTEX_CREDENTIALS_FILE: {} cannot be read; left as it was", file);
        } catch (RuntimeException refused) {
            log.error("TOKENTALLY_PROVIDERS_VERTEX_*: {}; left as it was", refused.getMessage());
        }
    }
}
