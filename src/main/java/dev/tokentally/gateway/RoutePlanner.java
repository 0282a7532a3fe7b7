package dev.tokentally.gateway;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.gateway.routing.Route;
import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.models.ProviderCircuits;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.PriceVersion;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * The order a routed call tries its models in: the route's targets ordered by its strategy (weighted at random by
 * weight; least busy first, by calls in flight on this instance; cheapest first, by the catalog's input and output
 * prices), those cooling down after failures (an open circuit of {@link ProviderCircuits}) last, then the fallbacks in
 * their order. Each model is resolved as if the call named it, so the organization's model access and the key's
 * allow-list apply to every target (not to the route's name, which is no model): a target the key may not call is left
 * out, and a route with none left is refused as the first of them would have been.
 */
@Component
class RoutePlanner {

    /**
     * What a routed call tries, in order; {@code cheaper} the route's downgrade model as the key may call it (null: none),
     * {@code downgraded} whether the budgets' spend put it first ({@link RouteDowngrade}).
     */
    record Plan(Route route, List<ChatModelChoice> targets, ChatModelChoice cheaper, boolean downgraded) {

        Plan(Route route, List<ChatModelChoice> targets) {
            this(route, targets, null, false);
        }
    }

    private final ModelRoutes routes;
    private final ProviderCircuits circuits;
    private final PriceLookup prices;
    private final Clock clock;
    /** Calls in flight per connection and model on this instance; as many keys as routes name models. */
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    RoutePlanner(ModelRoutes routes, ProviderCircuits circuits, PriceLookup prices, Clock clock) {
        this.routes = routes;
        this.circuits = circuits;
        this.prices = prices;
        this.clock = clock;
    }

    Plan plan(long organizationId, ApiKeySettings settings, Route route, Endpoint endpoint) {
        List<ChatModelChoice> targets = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        GatewayException firstRefusal = null;
        for (Route.Target target : route.targets()) {
            try {
                targets.add(routes.resolve(organizationId, settings, target.model(), endpoint));
                weights.add(target.weight());
            } catch (GatewayException refused) {
                firstRefusal = firstRefusal == null ? refused : firstRefusal;
            }
        }
        List<ChatModelChoice> ordered = ordered(route.strategy(), targets, weights);
        ordered.sort(Comparator.comparing(this::coolingDown));
        for (String fallback : route.fallback()) {
            try {
                ordered.add(routes.resolve(organizationId, settings, fallback, endpoint));
            } catch (GatewayException refused) {
                firstRefusal = firstRefusal == null ? refused : firstRefusal;
            }
        }
        Set<ChatModelChoice> once = new HashSet<>();
        List<ChatModelChoice> plan = ordered.stream().filter(once::add).toList();
        if (plan.isEmpty()) {
            throw firstRefusal;
        }
        return new Plan(route, plan);
    }

    private List<ChatModelChoice> ordered(Route.Strategy strategy, List<ChatModelChoice> targets, List<Integer> weights) {
        List<ChatModelChoice> ordered = new ArrayList<>(targets);
        switch (strategy) {
            case WEIGHTED -> {
                // Weighted sampling without replacement: sorted by -ln(u)/weight, each target leads weight/total of the time.
                Map<ChatModelChoice, Double> keys = new java.util.HashMap<>();
                for (int i = 0; i < targets.size(); i++) {
                    keys.put(targets.get(i), -Math.log(1 - ThreadLocalRandom.current().nextDouble()) / weights.get(i));
                }
                ordered.sort(Comparator.comparing(keys::get));
            }
            case LEAST_BUSY -> ordered.sort(Comparator.comparingInt(target -> counter(target).get()));
            case LOWEST_COST -> ordered.sort(Comparator.comparing(this::price));
        }
        return ordered;
    }

    boolean coolingDown(ChatModelChoice target) {
        return circuits.isOpen(ProviderCircuits.Circuit.platform(target.connection(), target.name()));
    }

    /** Counts a call to the target in flight until the returned action runs. */
    Runnable busy(ChatModelChoice target) {
        AtomicInteger counter = counter(target);
        counter.incrementAndGet();
        return counter::decrementAndGet;
    }

    private AtomicInteger counter(ChatModelChoice target) {
        return inFlight.computeIfAbsent(target.connection() + "/" + target.name(), key -> new AtomicInteger());
    }

    /** A million input and a million output tokens at the catalog's price now; unknown prices last. */
    private BigDecimal price(ChatModelChoice target) {
        return prices.model(target.providerCode(), target.name()).map(model -> model.versionAt(clock.instant()))
                .map(PriceVersion::base).map(sheet -> sheet.input().add(sheet.output()))
                .orElse(BigDecimal.valueOf(Long.MAX_VALUE));
    }
}
