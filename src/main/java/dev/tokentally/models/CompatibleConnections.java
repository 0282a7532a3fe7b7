package dev.tokentally.models;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.Roles;
import dev.tokentally.pricing.CatalogModel;
import dev.tokentally.pricing.ImportedModel;
import dev.tokentally.pricing.PriceCatalog;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.PriceSheet;
import dev.tokentally.pricing.PriceVersion;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Any number of OpenAI-compatible servers (vLLM, LM Studio, llama.cpp, TGI, Mistral, Groq, DeepSeek, xAI, Together…),
 * each a connection named by its admin: its lower-case name is its code, the prefix clients call its models by
 * ({@code groq/llama-3.1-8b}) and the catalog provider its models and prices live under. A model's price is the
 * admin's, else the catalog's, else none: its calls are recorded unpriced, never at $0.
 */
@Service
@Validated
@Transactional
public class CompatibleConnections {

    /** Named starting points; xAI and DeepSeek are named as the catalog's providers, so their models come priced. */
    public record Preset(String name, String baseUrl) {
    }

    public static final List<Preset> PRESETS = List.of(new Preset("Mistral", "https://api.mistral.ai/v1"),
            new Preset("Groq", "https://api.groq.com/openai/v1"), new Preset("DeepSeek", "https://api.deepseek.com/v1"),
            new Preset("xAI", "https://api.x.ai/v1"), new Preset("Together", "https://api.together.xyz/v1"),
            new Preset("vLLM", "http://localhost:8000/v1"));

    /** What a platform admin saves: a null {@code newApiKey} keeps the stored key, an empty one removes it. */
    public record Change(
            @NotNull(message = "Enter a name")
            @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$", message = "Letters, digits, . _ - (at most 40), no spaces")
            String name,
            boolean enabled,
            @NotNull(message = "Enter the server's address")
            @Pattern(regexp = "^https?://[^\\s/?#]+[^\\s?#]*$", message = "Enter an http:// or https:// address, as https://api.groq.com/openai/v1")
            String baseUrl,
            @Size(max = 500, message = "An API key has at most 500 characters") String newApiKey,
            @Size(max = 20_000, message = "At most 20,000 characters") String models,
            @Min(value = 1, message = "At least 1 second") @Max(value = 600, message = "At most 600 seconds") int timeoutSeconds) {

        @Override
        public String toString() {
            return "CompatibleConnections.Change[" + name + ", " + baseUrl + ", key "
                    + (newApiKey == null ? "kept" : newApiKey.isEmpty() ? "removed" : "replaced") + "]";
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_MODEL_LIST_BYTES = 2 * 1024 * 1024;

    private final ProviderConnections connections;
    private final PriceCatalog catalog;
    private final PriceLookup prices;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    CompatibleConnections(ProviderConnections connections, PriceCatalog catalog, PriceLookup prices) {
        this.connections = connections;
        this.catalog = catalog;
        this.prices = prices;
    }

    /**
     * Creates the connection or changes the one of that name.
     *
     * @throws FieldRejectedException naming the field at fault; nothing is saved then
     */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public ProviderConnection save(@Valid Change change) {
        String code = code(change.name());
        int models = apply(code, change.name(), change.baseUrl(), change.models());
        return connections.update(code, new ProviderConnectionChange(change.enabled(), change.baseUrl(), change.newApiKey(),
                change.timeoutSeconds()), models + " models");
    }

    /** The connection's models as its admin lists them, with the price each has now. */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    @Transactional(readOnly = true)
    public String models(String code) {
        return ConnectionModels.format(listed(code));
    }

    /** The catalog's models of a provider named like a preset (xAI, DeepSeek), priced, for a new connection. */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    @Transactional(readOnly = true)
    public String catalogModels(String name) {
        return ConnectionModels.format(listed(code(name)));
    }

    /**
     * The model ids the server lists at {@code GET {baseUrl}/models}.
     *
     * @throws FieldRejectedException when it cannot be asked or answers something else than OpenAI's model list
     */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.NOT_SUPPORTED)
    public List<String> discover(String baseUrl, String apiKey) {
        if (baseUrl == null || !baseUrl.matches("^https?://[^\\s/?#]+[^\\s?#]*$")) {
            throw new FieldRejectedException("baseUrl", "Enter an http:// or https:// address first");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "") + "/models"))
                .timeout(Duration.ofSeconds(15)).GET();
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey.trim());
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_MODEL_LIST_BYTES);
            }
            if (response.statusCode() != 200) {
                throw new FieldRejectedException("models", "The server answered " + response.statusCode()
                        + " to GET /models; enter the models by hand");
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode model : JSON.readTree(body).path("data")) {
                String id = model.path("id").asString("");
                if (!id.isBlank() && ids.size() < ConnectionModels.MAX_ENTRIES) {
                    ids.add(id);
                }
            }
            return ids;
        } catch (IOException | RuntimeException unreadable) {
            if (unreadable instanceof FieldRejectedException refused) {
                throw refused;
            }
            throw new FieldRejectedException("models", "The server's model list could not be read ("
                    + unreadable.getClass().getSimpleName() + "); enter the models by hand");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new FieldRejectedException("models", "Interrupted");
        }
    }

    /** A connection given by the deployment's configuration ({@code TOKENTALLY_PROVIDERS_COMPATIBLE_<NAME>_*}): enabled. */
    void configure(String name, String baseUrl, String apiKey, String models) {
        String code = code(name);
        apply(code, name, baseUrl, models);
        connections.configure(code, baseUrl, apiKey);
    }

    /** Checks everything, then saves the models and the connection's row; @return how many models it serves. */
    private int apply(String code, String name, String baseUrl, String modelsText) {
        if (ProviderKind.of(code).isPresent()) {
            throw new FieldRejectedException("name", "'" + code + "' names a built-in connection; choose another name");
        }
        connections.find(code).filter(existing -> existing.kind() != ProviderKind.COMPATIBLE).ifPresent(existing -> {
            throw new FieldRejectedException("name", "'" + code + "' names another connection");
        });
        if (baseUrl == null || !baseUrl.trim().matches("^https?://[^\\s/?#]+[^\\s?#]*$")) {
            throw new FieldRejectedException("baseUrl", "Enter an http:// or https:// address, as https://api.groq.com/openai/v1");
        }
        int offered = offer(code, name, modelsText);
        connections.createCompatible(code, name);
        return offered;
    }

    /** Offers the listed models ({@code llama-3.1-8b=0.1/0.2}) as the catalog provider {@code code}; @return how many. */
    int offer(String code, String name, String modelsText) {
        List<ConnectionModels.Listed> listed;
        try {
            listed = ConnectionModels.models(modelsText);
        } catch (IllegalArgumentException refused) {
            throw new FieldRejectedException("models", refused.getMessage());
        }
        // A price listed as the model has it now stays as it is (with its cached-input price, say).
        List<ConnectionModels.Listed> current = listed(code);
        catalog.offerModels(code, name, listed.stream().map(model -> new ImportedModel(code, model.name(), model.name(),
                "chat", null, null, !model.priced() || current.stream().anyMatch(model::samePriceAs) ? null : new PriceVersion(null, null,
                new PriceSheet(model.input(), null, null, null, model.output(), null), null, null, null))).toList());
        return listed.size();
    }

    List<ConnectionModels.Listed> listed(String code) {
        return prices.modelsOf(code, ConnectionModels.MAX_ENTRIES).stream()
                .filter(model -> model.enabled() && "chat".equals(model.mode()))
                .map(CompatibleConnections::listed).toList();
    }

    private static ConnectionModels.Listed listed(CatalogModel model) {
        return model.currentPrice() == null ? new ConnectionModels.Listed(model.name(), null, null)
                : new ConnectionModels.Listed(model.name(), model.currentPrice().base().input(),
                model.currentPrice().base().output());
    }

    static String code(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }
}
