package dev.tokentally.gateway;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.tokentally.apikeys.ApiKeyPrincipal;
import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.base.CallTags;
import dev.tokentally.gateway.routing.Route;
import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.models.SpendGate;
import org.springframework.stereotype.Component;

/**
 * A route's budget-aware downgrade ({@code downgrade: {above_percent, to}}). When a budget on the call's path (the
 * organization's, a team's, the member's, the agent's, the key's, a tag's; hard or soft) has spent {@code above_percent}
 * % of its limit or more in its period, the call goes to the cheaper model {@code to} first, then to the route's other
 * targets and fallbacks as planned. And when the hard budgets (or the balance) cannot hold the worst case of any model the
 * route tried, {@code to} is tried last before the call is refused, even when the route does not list it. Each target
 * reserves for itself as it is called, so the reservation is the called model's. Only a route with a downgrade reads the
 * budgets here (one read per budget on the call's path, before the first attempt).
 */
@Component
class RouteDowngrade {

    /** Refusals of the budgets' gate: nothing reached a provider, a cheaper model may still fit. */
    private static final Set<GatewayException.Kind> OVER_BUDGET = EnumSet.of(GatewayException.Kind.BUDGET,
            GatewayException.Kind.BALANCE);

    /** What answered, and whether the downgrade chose it (it is the cheaper model, put first or tried after a refusal). */
    record Result(RouteAttempts.Answered answered, boolean downgraded) {
    }

    private final ModelRoutes routes;
    private final SpendGate spendGate;
    private final RouteAttempts attempts;

    RouteDowngrade(ModelRoutes routes, SpendGate spendGate, RouteAttempts attempts) {
        this.routes = routes;
        this.spendGate = spendGate;
        this.attempts = attempts;
    }

    /** The plan with its route's cheaper model, put first when a budget on the call's path has reached the route's share. */
    RoutePlanner.Plan apply(RoutePlanner.Plan plan, ApiKeyPrincipal key, ApiKeySettings settings, Endpoint endpoint,
                            CallTags tags) {
        Route.Downgrade downgrade = plan.route().downgrade();
        if (downgrade == null) {
            return plan;
        }
        ChatModelChoice cheaper;
        try {
            cheaper = routes.resolve(key.organizationId(), settings, downgrade.to(), endpoint);
        } catch (GatewayException refused) {
            return plan; // a model the key may not call is no way out
        }
        List<ChatModelChoice> targets = plan.targets();
        boolean reached = !targets.getFirst().equals(cheaper) && spendGate.spentAtLeast(SpendGate.SpendRequest.apiKey(
                key.organizationId(), key.keyId(), settings.userId(), settings.agentName(), routes.heldAs(cheaper), 0, 0)
                .withTags(tags), downgrade.abovePercent());
        if (!reached) {
            return new RoutePlanner.Plan(plan.route(), targets, cheaper, false);
        }
        return new RoutePlanner.Plan(plan.route(), Stream.concat(Stream.of(cheaper),
                targets.stream().filter(target -> !target.equals(cheaper))).toList(), cheaper, true);
    }

    /** The plan's attempts; when they end refused by the budgets, the cheaper model the plan did not list, as a last resort. */
    Result run(RoutePlanner.Plan plan, RouteAttempts.Attempt attempt) {
        AtomicInteger made = new AtomicInteger();
        AtomicBoolean overBudget = new AtomicBoolean();
        RouteAttempts.Attempt counted = (target, number) -> {
            made.incrementAndGet();
            try {
                return attempt.send(target, number);
            } catch (GatewayException refused) {
                overBudget.compareAndSet(false, OVER_BUDGET.contains(refused.kind));
                throw refused;
            }
        };
        ChatModelChoice cheaper = plan.cheaper();
        try {
            RouteAttempts.Answered answered = attempts.run(plan, counted);
            return new Result(answered, answered.target().equals(cheaper) && (plan.downgraded() || overBudget.get()));
        } catch (GatewayException refused) {
            if (!OVER_BUDGET.contains(refused.kind) || cheaper == null || plan.targets().contains(cheaper)) {
                throw refused;
            }
            int before = made.get();
            RouteAttempts.Answered last;
            try {
                last = attempts.run(new RoutePlanner.Plan(plan.route(), List.of(cheaper)),
                        (target, number) -> counted.send(target, before + number));
            } catch (GatewayException failed) {
                // Cooling down, the cheaper model was not tried: the budgets' refusal is the answer.
                throw made.get() == before ? refused : failed;
            }
            return new Result(new RouteAttempts.Answered(last.target(), last.upstream(), before + last.attempts(), last.done()),
                    true);
        }
    }
}
