package dev.tokentally.models;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * A circuit breaker per connection and model: after a number of consecutive real failures (5xx, unreachable, no
 * answer in time) that model is not called through that connection for a while, and callers are told at once.
 * After that while calls are let through again; a success closes the circuit, a failure opens it again. A rate
 * limit (429) is not a failure: the provider is up, and one caller's limit must not close a model for others.
 */
@Component
public class ProviderCircuits {

    /**
     * What a circuit guards: one model through one connection. Today every connection is the platform's own, one
     * per provider; a connection of an organization's own gets its own identity and so its own circuits.
     */
    public record Circuit(String connection, String model) {

        public static Circuit platform(ProviderKind provider, String model) {
            return platform(provider.code(), model);
        }

        /** A model through the platform's connection of that code (a provider's, or an OpenAI-compatible one's name). */
        public static Circuit platform(String connection, String model) {
            return new Circuit(platformConnection(connection), model);
        }

        private static String platformConnection(String connection) {
            return "platform:" + connection;
        }
    }

    private record State(int failures, Instant openedAt) {
    }

    private final Map<Circuit, State> states = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int failuresToOpen;
    private final Duration openFor;

    ProviderCircuits(Clock clock, MeterRegistry metrics, ModelCallProperties calls) {
        this.clock = clock;
        this.failuresToOpen = calls.circuitFailures();
        this.openFor = calls.circuitOpenFor();
        for (ProviderKind provider : ProviderKind.values()) {
            Gauge.builder("tokentally.provider.circuits.open", this, circuits -> circuits.openModels(provider.code()).size())
                    .tag("provider", provider.code()).description("Models of the provider's platform connection not called "
                            + "at the moment after failures").register(metrics);
        }
    }

    public boolean isOpen(Circuit circuit) {
        return !reopensIn(circuit).isZero();
    }

    /** How long an open circuit stays open; zero when calls may go through. */
    public Duration reopensIn(Circuit circuit) {
        State state = states.get(circuit);
        if (state == null || state.openedAt() == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), state.openedAt().plus(openFor));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The models of a provider's platform connection that are not called at the moment, for the admins' view. */
    public List<String> openModels(String connectionCode) {
        String connection = Circuit.platformConnection(connectionCode);
        return states.keySet().stream().filter(circuit -> circuit.connection().equals(connection) && isOpen(circuit))
                .map(Circuit::model).sorted().toList();
    }

    public void succeeded(Circuit circuit) {
        states.remove(circuit);
    }

    public void failed(Circuit circuit) {
        states.compute(circuit, (key, state) -> {
            int failures = (state == null ? 0 : state.failures()) + 1;
            return new State(failures, failures >= failuresToOpen ? clock.instant() : null);
        });
    }

    /** Closes every circuit (an admin changed a connection, or tests start afresh). */
    public void reset() {
        states.clear();
    }
}
