package dev.tokentally.models;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.pricing.PriceLookup;
import org.springframework.stereotype.Component;

/**
 * What only an organization's own Azure OpenAI connection has ({@link OrganizationConnections}): an api-version and
 * deployments that each serve an OpenAI catalog model ({@code prod-4o=gpt-4o}), allowed and priced as that model.
 * Unlike the platform's deployments they take no price of their own: the catalog is everyone's, the connection only
 * its organization's. Clients call them as {@code <slug>:azure/<catalog model>} ({@code acme:azure/gpt-4o}).
 */
@Component
class OwnAzureDeployments {

    private final PriceLookup prices;

    OwnAzureDeployments(PriceLookup prices) {
        this.prices = prices;
    }

    /** The api-version, trimmed. @throws FieldRejectedException when there is none or it is no date */
    static String apiVersion(String apiVersion) {
        String trimmed = apiVersion == null ? "" : apiVersion.trim();
        if (!trimmed.matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?$")) {
            throw new FieldRejectedException("apiVersion", "Azure needs an api-version, as 2024-10-21");
        }
        return trimmed;
    }

    /**
     * The deployments as they are stored ({@code prod-4o=gpt-4o,mini=gpt-4o-mini}), once each is checked.
     *
     * @throws FieldRejectedException naming {@code deployments} at the first bad entry, one with a price, or a model the
     * catalog does not have among OpenAI's
     */
    String checked(String text) {
        Map<String, ConnectionModels.Deployment> named;
        try {
            named = ConnectionModels.deployments(text);
        } catch (IllegalArgumentException refused) {
            throw new FieldRejectedException("deployments", refused.getMessage());
        }
        if (named.isEmpty()) {
            throw new FieldRejectedException("deployments", "List at least one deployment, as prod-4o=gpt-4o");
        }
        named.forEach((deployment, model) -> {
            if (model.price() != null) {
                throw new FieldRejectedException("deployments", deployment + ": an organization's deployment is priced as"
                        + " the catalog model it serves; leave out the price");
            }
            modelId(model.model()).orElseThrow(() -> new FieldRejectedException("deployments",
                    model.model() + " (of " + deployment + ") is not an OpenAI model of the catalog"));
        });
        return named.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue().model())
                .collect(java.util.stream.Collectors.joining(","));
    }

    /** The deployments as stored, leaving out any whose model the catalog no longer has (they were checked when saved). */
    Map<String, Long> stored(String text) {
        Map<String, Long> resolved = new LinkedHashMap<>();
        if (text != null) {
            ConnectionModels.deployments(text).forEach((deployment, model) ->
                    modelId(model.model()).ifPresent(id -> resolved.put(deployment, id)));
        }
        return Map.copyOf(resolved);
    }

    private Optional<Long> modelId(String model) {
        return prices.model(AzureConnection.MODELS_OF, model).map(dev.tokentally.pricing.PricedModel::modelId);
    }
}
