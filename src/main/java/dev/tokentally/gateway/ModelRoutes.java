package dev.tokentally.gateway;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.models.AzureConnection;
import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.models.ModelAccess;
import dev.tokentally.models.NamedConnections;
import dev.tokentally.models.ProviderConnections;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.models.ProviderTypes;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.PricedModel;
import org.springframework.stereotype.Component;

/**
 * Finds the model a call names among those the organization and the key may use: a catalog name
 * ({@code gpt-4o-mini}), optionally prefixed by its provider ({@code openai/gpt-4o-mini},
 * {@code openrouter/openai/gpt-4o-mini}, {@code groq/llama-3.1-8b} for an OpenAI-compatible connection); a prefix
 * that names a provider wins over a model name with a slash. {@code azure/<deployment>} calls an Azure deployment,
 * and a catalog name goes to Azure when a platform admin prefers Azure for the models it deploys; {@code bedrock/<model id>}
 * calls a Bedrock model by its id, {@code vertex/<model>} a model on Vertex. An organization's own connection
 * ({@code acme:openai}) serves its catalog models when the organization prefers it (see {@link ModelAccess#routed}),
 * and is picked explicitly by its prefix ({@code acme:openai/gpt-4o-mini}); no other organization can name it.
 */
@Component
class ModelRoutes {

    private final ModelAccess access;
    private final ProviderConnections connections;
    private final PriceLookup prices;
    private final AzureConnection azure;
    private final UpstreamTypes upstreams;
    private final ProviderTypes types;

    ModelRoutes(ModelAccess access, ProviderConnections connections, PriceLookup prices, AzureConnection azure,
                UpstreamTypes upstreams, ProviderTypes types) {
        this.access = access;
        this.connections = connections;
        this.prices = prices;
        this.azure = azure;
        this.upstreams = upstreams;
        this.types = types;
    }

    /** The model an Azure-format call ({@code /openai/deployments/{deployment}/...}) names: that deployment, else that model. */
    String azureFormat(String deployment) {
        return azure.hasDeployment(deployment) ? AZURE_PREFIX + deployment : deployment;
    }

    private static final String AZURE_PREFIX = ProviderKind.AZURE.code() + "/";

    /** The models the key may call, under the name a client would send. */
    List<ChatModelChoice> available(long organizationId, ApiKeySettings settings) {
        return Stream.concat(access.usableBy(organizationId).stream(), access.namedUsableBy(organizationId).stream())
                .filter(model -> settings.allowsModel(model.providerCode(), model.name()))
                .sorted(Comparator.comparing(this::clientName))
                .toList();
    }

    /** The name listed in {@code /v1/models}: OpenRouter's models (named provider/model themselves) keep their prefix. */
    String clientName(ChatModelChoice model) {
        return upstreams.of(model.provider()).listedWithPrefix() || NamedConnections.serves(model)
                ? model.connection() + "/" + model.name() : model.name();
    }

    /**
     * @throws GatewayException 404 when the catalog knows no such model, 403 when the organization or key may not
     * use it, 503 when its provider is not connected, 400 when the endpoint does not serve the model (an embedding model outside /v1/embeddings, a chat model in
     * it, a model whose provider does not speak the endpoint's API, such as Anthropic's at /v1/responses)
     */
    ChatModelChoice resolve(long organizationId, ApiKeySettings settings, String requested, Endpoint endpoint) {
        if (requested == null || requested.isBlank()) {
            throw new GatewayException(GatewayException.Kind.INVALID, "'model' is required");
        }
        List<ChatModelChoice> allowed = access.allowedBy(organizationId);
        Optional<ChatModelChoice> ownName = ownName(organizationId, settings, requested, endpoint, allowed);
        if (ownName.isPresent()) {
            return checked(settings, requested, endpoint, ownName.get());
        }
        // Only the models the name can mean are routed: routing each of the many an organization may
        // allow (the demo's Acme: every model of every connection) cost a tenth of a call's time.
        List<ChatModelChoice> named = access.namedBy(organizationId).stream().filter(model -> names(model, requested)).toList();
        Optional<ChatModelChoice> found = named(named, requested);
        if (found.isEmpty()) {
            throw known(requested)
                    ? new GatewayException(GatewayException.Kind.PERMISSION, "The model '" + requested
                            + "' is not available to your organization; an organization admin can allow it under Chat models.")
                    : new GatewayException(GatewayException.Kind.NOT_FOUND, "The model '" + requested + "' does not exist.");
        }
        Set<String> connected = access.connected(organizationId);
        found = named(named.stream().filter(model -> connected.contains(access.routed(organizationId, model).connection()))
                .toList(), requested);
        if (found.isEmpty()) {
            throw notConnected(named(named, requested).orElseThrow(), requested);
        }
        ChatModelChoice model = requested.equals(found.get().name()) ? access.routed(organizationId, found.get()) : found.get();
        return checked(settings, requested, endpoint, model);
    }

    /** {@code <kind>/<name>} when the kind gives the name a meaning of its own (an Azure deployment, a Bedrock model id). */
    private Optional<ChatModelChoice> ownName(long organizationId, ApiKeySettings settings, String requested, Endpoint endpoint,
                                              List<ChatModelChoice> allowed) {
        int slash = requested.indexOf('/');
        return slash < 0 ? Optional.empty() : ProviderKind.of(requested.substring(0, slash)).flatMap(kind ->
                upstreams.of(kind).named(requested.substring(slash + 1), endpoint, allowed, new UpstreamType.Names() {
                    @Override
                    public ChatModelChoice catalog(String name) {
                        return resolve(organizationId, settings, name, endpoint);
                    }

                    @Override
                    public void requireConnected(ChatModelChoice model, String name) {
                        if (!connections.enabled().contains(model.connection())) {
                            throw notConnected(model, name);
                        }
                    }
                }));
    }

    private GatewayException notConnected(ChatModelChoice model, String requested) {
        String variable = types.of(model.provider()).connectingVariable(model.connection());
        return new GatewayException(GatewayException.Kind.NOT_CONNECTED, (model.provider().single()
                ? model.provider().displayName() : model.connection()) + " is not connected to this"
                + " Tokentally installation, so '" + requested + "' cannot be called: a platform admin connects it under"
                + " Providers (or with " + variable + "). demo-mini answers offline.");
    }

    /** The key's and the endpoint's say on a model found. */
    private ChatModelChoice checked(ApiKeySettings settings, String requested, Endpoint endpoint, ChatModelChoice model) {
        if (!settings.allowsModel(model.providerCode(), model.name())) {
            throw new GatewayException(GatewayException.Kind.PERMISSION, "This API key may not call '" + requested + "'.");
        }
        if (model.embedding() != (endpoint == Endpoint.EMBEDDINGS)) {
            throw new GatewayException(GatewayException.Kind.INVALID, model.embedding()
                    ? "'" + requested + "' is an embedding model: call /v1/embeddings."
                    : "'" + requested + "' is not an embedding model: /v1/embeddings takes one such as gemini-embedding-001.");
        }
        if (!upstreams.of(model.provider()).endpoints().contains(endpoint)) {
            throw new GatewayException(GatewayException.Kind.INVALID, "'" + requested + "' is not served at /v1/" + endpoint.path
                    + ": " + model.provider().displayName() + " does not speak " + endpoint.apiName() + "; call /v1/chat/completions.");
        }
        return model;
    }

    /**
     * OpenRouter's {@code models}: the models it may fall back to, each of which the organization and the key must be
     * allowed to call as if the call named it (and only OpenRouter takes the field).
     *
     * @throws GatewayException as {@link #resolve} for the first fallback that may not be called
     */
    void checkFallbacks(long organizationId, ApiKeySettings settings, ChatModelChoice model, List<String> fallbacks,
                        Endpoint endpoint) {
        if (fallbacks.isEmpty()) {
            return;
        }
        if (model.provider() != ProviderKind.OPENROUTER) {
            throw new GatewayException(GatewayException.Kind.INVALID, "'models' lists OpenRouter's fallback models: only a"
                    + " call to an OpenRouter model (openrouter/...) may send it.");
        }
        for (String fallback : fallbacks) {
            ChatModelChoice allowed = resolve(organizationId, settings, "openrouter/" + fallback, endpoint);
            if (allowed.provider() != ProviderKind.OPENROUTER) {
                throw new GatewayException(GatewayException.Kind.PERMISSION, "This API key may not call '" + fallback + "'.");
            }
        }
    }

    /**
     * The model a call is priced as: the one the provider says answered when the catalog knows it under that provider
     * (OpenRouter may answer with a fallback) as another model, else the one that was called (a dated snapshot of the
     * called model, such as {@code gpt-4o-mini-2024-07-18}, is the called model). An Azure deployment with a price of
     * its own is recorded as that deployment ({@code azure-deployment/prod-4o}), priced at that price whatever answers.
     */
    PricedAs pricedModel(ChatModelChoice called, String answered) {
        // Only the platform's Azure deployments have prices of their own; an organization's is priced as its model.
        Optional<PricedAs> ownPrice = upstreams.of(called.provider()).ownPrice(called);
        if (ownPrice.isPresent()) {
            return ownPrice.get();
        }
        if (answered == null || answered.isBlank() || answered.equals(called.name())) {
            return new PricedAs(called.providerCode(), called.name(), null);
        }
        return prices.model(called.providerCode(), answered)
                .filter(model -> model.modelId() != called.modelId())
                .map(model -> new PricedAs(called.providerCode(), answered, model))
                .orElseGet(() -> new PricedAs(called.providerCode(), called.name(), null));
    }

    /** The model a call's budget hold is priced as: the one it is recorded under (an Azure deployment's own price). */
    ChatModelChoice heldAs(ChatModelChoice called) {
        return azure.heldAs(called);
    }

    /** The provider and name a call is recorded under and, when they are not the called model's, their prices. */
    record PricedAs(String provider, String name, PricedModel answeredPrices) {
    }

    /** The model a call names: a provider prefix wins over a model named with a slash, else the first provider's. */
    private static Optional<ChatModelChoice> named(List<ChatModelChoice> models, String requested) {
        return models.stream().filter(model -> requested.equals(model.connection() + "/" + model.name())).findFirst()
                .or(() -> models.stream().filter(model -> requested.equals(model.name()))
                        .min(Comparator.comparing(ChatModelChoice::provider)));
    }

    /** Whether {@code requested} names the model, as {@code model} or {@code connection/model}, without building either. */
    private static boolean names(ChatModelChoice model, String requested) {
        String name = model.name();
        String connection = model.connection();
        return requested.equals(name) || requested.length() == connection.length() + 1 + name.length()
                && requested.startsWith(connection) && requested.charAt(connection.length()) == '/' && requested.endsWith(name);
    }

    /** Whether some organization could call the model by this name (for routes that serve every organization). */
    boolean names(String requested) {
        int slash = requested.indexOf('/');
        return slash < 0 ? known(requested) : ProviderKind.of(requested.substring(0, slash))
                .map(kind -> upstreams.of(kind).knows(requested.substring(slash + 1), this::known))
                .orElseGet(() -> known(requested));
    }

    private boolean known(String requested) {
        return prices.providerCodes().stream().anyMatch(code ->
                prices.model(code, requested).isPresent()
                        || requested.startsWith(code + "/")
                        && prices.model(code, requested.substring(code.length() + 1)).isPresent());
    }
}
