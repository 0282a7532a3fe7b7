package dev.tokentally.gateway;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import dev.tokentally.models.AzureConnection;
import dev.tokentally.models.AzureEntraId;
import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.models.ProviderConnections;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.models.ProviderUnavailableException;
import org.springframework.stereotype.Component;

/**
 * Azure OpenAI: the deployment, not the body's model, picks the model, at {@code /openai/deployments/<deployment>/...}
 * with the connection's api-version; Azure's v1 Responses API takes no api-version and the deployment in the body.
 * Authenticated with the api-key header or an Entra ID token. {@code azure/<deployment>} names a deployment, and a
 * platform deployment with a price of its own is recorded as that deployment.
 */
@Component
class AzureUpstream extends HttpUpstream {

    private final AzureConnection azure;
    private final AzureEntraId entraId;

    AzureUpstream(AzureConnection azure, AzureEntraId entraId) {
        super(ProviderKind.AZURE, Set.of(Endpoint.CHAT_COMPLETIONS, Endpoint.EMBEDDINGS, Endpoint.RESPONSES), "/", false);
        this.azure = azure;
        this.entraId = entraId;
    }

    @Override
    String path(ProviderConnections.Credentials credentials, ChatModelChoice model, Endpoint endpoint) {
        return endpoint == Endpoint.RESPONSES ? "/openai/v1/" + endpoint.path
                : "/openai/deployments/" + URLEncoder.encode(model.deployment(), StandardCharsets.UTF_8) + "/" + endpoint.path
                + "?api-version=" + URLEncoder.encode(credentials.apiVersion(), StandardCharsets.UTF_8);
    }

    /** Azure's api-key header, or its Entra ID bearer token; Entra's refusal is Tokentally's, not the client's. */
    @Override
    void authenticate(HttpRequest.Builder request, ProviderConnections.Credentials credentials, Endpoint endpoint) {
        try {
            entraId.headers(credentials).forEach(request::header);
        } catch (ProviderUnavailableException refused) {
            throw new GatewayException(GatewayException.Kind.UNREACHABLE, refused.getMessage());
        }
    }

    @Override
    public String providerModel(ChatModelChoice model, Endpoint endpoint) {
        return endpoint == Endpoint.RESPONSES ? model.deployment() : model.name();
    }

    /** A call to an Azure deployment: the catalog model it serves, which the organization must allow. */
    @Override
    public Optional<ChatModelChoice> named(String deployment, Endpoint endpoint, List<ChatModelChoice> allowed, Names names) {
        ChatModelChoice model = azure.deployment(allowed, deployment).orElseThrow(() -> azure.hasDeployment(deployment)
                ? new GatewayException(GatewayException.Kind.PERMISSION, "The model the Azure deployment '" + deployment
                        + "' serves is not available to your organization; an organization admin can allow it under Chat models.")
                : new GatewayException(GatewayException.Kind.NOT_FOUND, "There is no Azure deployment '" + deployment + "'."));
        names.requireConnected(model, kind().code() + "/" + deployment);
        return Optional.of(model);
    }

    @Override
    public boolean knows(String deployment, Predicate<String> known) {
        return azure.hasDeployment(deployment);
    }

    /** Only the platform's Azure deployments have prices of their own; an organization's is priced as its model. */
    @Override
    public Optional<ModelRoutes.PricedAs> ownPrice(ChatModelChoice called) {
        if (called.deployment() == null || !called.connection().equals(kind().code())) {
            return Optional.empty();
        }
        return azure.priceOverride(called.deployment())
                .map(price -> new ModelRoutes.PricedAs(AzureConnection.PRICED_AS, called.deployment(), price));
    }
}
