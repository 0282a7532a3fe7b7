package dev.tokentally.models;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.pricing.CatalogModel;
import dev.tokentally.pricing.PriceLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Any number of OpenAI-compatible servers, each named by its admin: {@code TOKENTALLY_PROVIDERS_COMPATIBLE_<NAME>_BASE_URL}
 * / {@code _API_KEY} / {@code _MODELS} (a map bound by Spring's relaxed binding).
 */
@Component
class CompatibleProviderType implements ProviderType {

    private static final Logger log = LoggerFactory.getLogger(CompatibleProviderType.class);

    /** One OpenAI-compatible server of {@code tokentally.providers.compatible.<name>}. */
    record CompatibleServer(String baseUrl, String apiKey, String models) {
    }

    private final CompatibleConnections compatible;

    CompatibleProviderType(CompatibleConnections compatible) {
        this.compatible = compatible;
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.COMPATIBLE;
    }

    @Override
    public StreamingChatModel chatModel(ProviderConnections.Credentials credentials, CallSettings call, Duration timeout) {
        return OpenAiStreamingChatModel.builder().baseUrl(credentials.baseUrl()).apiKey(credentials.apiKey())
                .modelName(call.modelName()).temperature(call.temperature())
                .maxTokens(call.maxOutputTokens()).timeout(timeout).build();
    }

    @Override
    public void configureFrom(Environment from) {
        servers(from).forEach((name, server) -> {
            try {
                compatible.configure(name, server.baseUrl(), server.apiKey(), server.models());
                log.info("OpenAI-compatible connection {} enabled from the environment at {}", name, server.baseUrl());
            } catch (IllegalArgumentException | FieldRejectedException refused) {
                log.error("TOKENTALLY_PROVIDERS_COMPATIBLE_{}_*: {}; left as it was", name.toUpperCase(Locale.ROOT),
                        refused.getMessage());
            }
        });
    }

    /** {@code tokentally.providers.compatible.<name>.*}, whatever the form the names come in (environment or properties). */
    private static Map<String, CompatibleServer> servers(Environment from) {
        return Binder.get(from).bind("tokentally.providers.compatible", Bindable.mapOf(String.class, CompatibleServer.class))
                .orElse(Map.of());
    }

    /** Every model listed under the connection. */
    @Override
    public Set<Long> demoModels(String connection, PriceLookup prices, int limit) {
        return prices.modelsOf(connection, limit).stream().map(CatalogModel::id).collect(Collectors.toSet());
    }

    @Override
    public String connectingVariable(String connection) {
        return "TOKENTALLY_PROVIDERS_COMPATIBLE_" + connection.toUpperCase(Locale.ROOT) + "_BASE_URL";
    }

    /** The connection's first model. */
    @Override
    public String sampleModel(String connection) {
        String models = compatible.models(connection);
        return models == null ? "" : models.split("[=,]")[0].trim();
    }
}
