package dev.tokentally.gateway;

import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.gateway.routing.RouteTargets;
import org.springframework.stereotype.Component;

/**
 * A route's model must be one the gateway resolves: for an organization's route, as a call of the organization would
 * name it (a model it may not use yet, or whose provider is not connected yet, is accepted: an admin may change that
 * later); for a platform-wide route, a model some organization could call.
 */
@Component
class ModelRouteTargets implements RouteTargets {

    private final ModelRoutes routes;

    ModelRouteTargets(ModelRoutes routes) {
        this.routes = routes;
    }

    @Override
    public void requireModel(Long organizationId, String model) {
        if (organizationId == null) {
            if (!routes.names(model)) {
                throw new IllegalArgumentException("the model '" + model + "' does not exist.");
            }
            return;
        }
        try {
            routes.resolve(organizationId, ApiKeySettings.DEFAULTS, model, Endpoint.CHAT_COMPLETIONS);
        } catch (GatewayException refused) {
            if (refused.kind == GatewayException.Kind.NOT_FOUND) {
                throw new IllegalArgumentException(refused.getMessage().replace("The model", "the model"));
            }
        }
    }
}
