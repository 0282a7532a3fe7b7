package dev.tokentally.gateway.routing;

/** Whether a route's target names a model the gateway can resolve; the gateway answers it with its own model routes. */
public interface RouteTargets {

    /**
     * @param organizationId the organization the route is for; null: every organization
     * @throws IllegalArgumentException when no model of that name exists for it
     */
    void requireModel(Long organizationId, String model);
}
