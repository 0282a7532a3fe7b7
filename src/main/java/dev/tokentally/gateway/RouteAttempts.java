package dev.tokentally.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tokentally.base.RetryPolicy;
import dev.tokentally.base.net.RetryAfter;
import dev.tokentally.gateway.routing.Route;
import dev.tokentally.gateway.routing.RoutingProperties;
import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.models.ModelCallProperties;
import dev.tokentally.models.ProviderKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A routed call's attempts, until one answers: before the first byte reaches the client, a 429, a 5xx, no answer in
 * time or no connection is tried again on the same target ({@code retries} times, after a doubling pause with jitter, or
 * the {@code Retry-After} the provider asks for up to {@link RoutingProperties#retryAfterCap()}), then on the next
 * target; a target cooling down is skipped, and one whose budget reservation is refused is passed over for the next.
 * A content-policy refusal is the answer unless the route lets it go to another provider; any other 4xx is the answer.
 * When every attempt failed, the last failure is the answer, as the provider sent it.
 */
@Component
class RouteAttempts {

    private static final Logger log = LoggerFactory.getLogger(RouteAttempts.class);
    /** Failures tried again on the same target: no answer in time, no connection. */
    private static final Set<GatewayException.Kind> TRIED_AGAIN = EnumSet.of(GatewayException.Kind.TIMEOUT,
            GatewayException.Kind.UNREACHABLE);
    /** Failures that move on to the next target: those, and a target cooling down, not connected or over a budget. */
    private static final Set<GatewayException.Kind> MOVES_ON = EnumSet.of(GatewayException.Kind.TIMEOUT,
            GatewayException.Kind.UNREACHABLE, GatewayException.Kind.UNAVAILABLE, GatewayException.Kind.NOT_CONNECTED,
            GatewayException.Kind.BUDGET, GatewayException.Kind.BALANCE);

    /** How UpstreamCalls tries a routed call's attempt: once (the route tries again). */
    static final RetryPolicy ONCE = RetryPolicy.doubling(1, Duration.ZERO, 0);

    /** One attempt on a target: reserve for it, send, and record what the provider billed without answering. */
    interface Attempt {
        Upstream send(ChatModelChoice target, int number);
    }

    /** The target that answered (or failed last), its answer, how many attempts it took; {@code done} ends its busy count. */
    record Answered(ChatModelChoice target, Upstream upstream, int attempts, Runnable done) {
    }

    private final RoutePlanner planner;
    private final Duration backoff;
    private final Duration retryAfterCap;
    private final Clock clock;

    RouteAttempts(RoutePlanner planner, ModelCallProperties calls, RoutingProperties routing, Clock clock) {
        this.planner = planner;
        this.backoff = calls.backoff();
        this.retryAfterCap = routing.retryAfterCap();
        this.clock = clock;
    }

    Answered run(RoutePlanner.Plan plan, Attempt attempt) {
        Route route = plan.route();
        RetryPolicy retries = retries(route);
        int number = 0;
        Answered lastAnswer = null;
        GatewayException lastFailure = null;
        ProviderKind refusedByPolicy = null;
        for (ChatModelChoice target : plan.targets()) {
            if (target.provider() == refusedByPolicy || planner.coolingDown(target)) {
                continue;
            }
            for (int tried = 1; ; tried++) {
                number++;
                Runnable done = planner.busy(target);
                Upstream upstream;
                try {
                    upstream = attempt.send(target, number);
                } catch (GatewayException failed) {
                    done.run();
                    lastFailure = failed;
                    lastAnswer = null;
                    if (!MOVES_ON.contains(failed.kind)) {
                        throw failed;
                    }
                    Optional<Duration> pause = TRIED_AGAIN.contains(failed.kind) ? retries.pauseAfter(tried, Optional.empty())
                            : Optional.empty();
                    if (pause.isEmpty() || planner.coolingDown(target)) {
                        break;
                    }
                    pause(pause.get());
                    continue;
                }
                if (upstream.ok()) {
                    return new Answered(target, upstream, number, done);
                }
                done.run();
                if (upstream.status() == 429 || upstream.status() >= 500) {
                    lastAnswer = new Answered(target, upstream, number, () -> { });
                    lastFailure = null;
                    Optional<Duration> pause = retries.pauseAfter(tried, retryAfter(upstream));
                    log.info("Route {}: {} answered {} (attempt {})", route.name(), target.name(), upstream.status(), number);
                    if (pause.isEmpty() || planner.coolingDown(target)) {
                        break;
                    }
                    pause(pause.get());
                    continue;
                }
                Upstream read = readWhole(upstream);
                if (route.contentPolicyFallback() && contentPolicy(read)) {
                    lastAnswer = new Answered(target, read, number, () -> { });
                    lastFailure = null;
                    refusedByPolicy = target.provider();
                    break;
                }
                return new Answered(target, read, number, () -> { });
            }
        }
        if (lastAnswer != null) {
            return lastAnswer;
        }
        throw lastFailure != null ? lastFailure : new GatewayException(GatewayException.Kind.UNAVAILABLE,
                "Every model of the route '" + route.name() + "' is cooling down after failures; try again shortly.");
    }

    /** {@code retries} more tries per target; a Retry-After up to the cap is waited out, a longer one moves on. */
    private RetryPolicy retries(Route route) {
        Duration doubled = backoff.multipliedBy(1L << route.retries());
        return new RetryPolicy(route.retries() + 1, backoff, doubled.compareTo(retryAfterCap) > 0 ? doubled : retryAfterCap,
                RetryPolicy.SPREAD);
    }

    private Optional<Duration> retryAfter(Upstream upstream) {
        HttpHeaders headers = HttpHeaders.of(upstream.passedHeaders().entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().toLowerCase(java.util.Locale.ROOT), entry -> List.of(entry.getValue()))),
                (name, value) -> true);
        return RetryAfter.of(headers, clock.instant());
    }

    /** OpenAI's and Azure's refusal by their content filter: a 400 whose error code says so. */
    private static boolean contentPolicy(Upstream upstream) {
        if (upstream.status() != 400) {
            return false;
        }
        try {
            String body = new String(upstream.body().readAllBytes(), StandardCharsets.UTF_8);
            upstream.body().reset();
            return body.contains("\"content_filter\"") || body.contains("\"content_policy_violation\"");
        } catch (IOException unreadable) {
            return false;
        }
    }

    /** A refusal's body is small and already read by {@link UpstreamCalls}; held so that it can be looked at and passed on. */
    private static Upstream readWhole(Upstream upstream) {
        try (InputStream body = upstream.body()) {
            return new Upstream(upstream.status(), upstream.contentType(), upstream.requestId(), upstream.passedHeaders(),
                    new ByteArrayInputStream(body.readAllBytes()));
        } catch (IOException unreadable) {
            return new Upstream(upstream.status(), upstream.contentType(), upstream.requestId(), upstream.passedHeaders(),
                    new ByteArrayInputStream(new byte[0]));
        }
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
