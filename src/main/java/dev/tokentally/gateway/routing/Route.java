package dev.tokentally.gateway.routing;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A model name clients call ({@code chat-default}) and what serves it: targets picked by a strategy, each tried again
 * a few times before the first byte of an answer, then the fallbacks in order.
 *
 * @param organization          the slug of the organization the route is for; null: every organization (platform-wide)
 * @param cacheTtl              how long the response cache keeps an answer of this route; null: the route says nothing
 * @param downgrade             above this share of the tightest budget, call the cheaper model instead; null: never
 * @param contentPolicyFallback whether a content-policy refusal is tried on another provider (off: returned as it is)
 * @param fromFile              defined by the routes file ({@code TOKENTALLY_GATEWAY_ROUTES_FILE}): read-only here
 */
public record Route(String name, String organization, Strategy strategy, int retries, Duration cacheTtl, List<Target> targets,
                    List<String> fallback, Downgrade downgrade, boolean contentPolicyFallback, boolean fromFile) {

    public static final int NAME_LENGTH = 100;
    public static final int MODEL_LENGTH = 200;
    public static final int MAX_RETRIES = 5;
    public static final int MAX_TARGETS = 20;
    public static final Duration LONGEST_CACHE_TTL = Duration.ofDays(30);

    public Route {
        targets = List.copyOf(targets);
        fallback = fallback == null ? List.of() : List.copyOf(fallback);
    }

    /** A model the route may call (any name the gateway resolves: {@code openai/gpt-4o-mini}, {@code azure/prod-4o}), and its weight. */
    public record Target(String model, int weight) {
    }

    public record Downgrade(int abovePercent, String to) {
    }

    public enum Strategy {
        WEIGHTED, LEAST_BUSY, LOWEST_COST;

        /** The name routes are written with: weighted, least-busy, lowest-cost. */
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Strategy of(String code) {
            for (Strategy strategy : values()) {
                if (strategy.code().equals(code)) {
                    return strategy;
                }
            }
            throw new IllegalArgumentException("Unknown strategy '" + code + "': use weighted, least-busy or lowest-cost.");
        }
    }

    /** The same route as the routes file defines it. */
    Route readOnly() {
        return new Route(name, organization, strategy, retries, cacheTtl, targets, fallback, downgrade, contentPolicyFallback, true);
    }

    /** The same route, for that organization. */
    Route forOrganization(String slug) {
        return new Route(name, slug, strategy, retries, cacheTtl, targets, fallback, downgrade, contentPolicyFallback, fromFile);
    }
}
