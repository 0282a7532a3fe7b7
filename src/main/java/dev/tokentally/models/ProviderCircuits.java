package dev.tokentally.models;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A circuit breaker per provider: after a number of consecutive failures in a row the provider is not
 * called for a while, and members are told at once to try another model. After that while one call
 * is let through; its success closes the circuit, its failure opens it again.
 */
@Component
public class ProviderCircuits {

    private record State(int failures, Instant openedAt) {
    }

    private final Map<ProviderKind, State> states = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int failuresToOpen;
    private final Duration openFor;

    ProviderCircuits(Clock clock, @Value("${tokentally.chat.circuit-failures}") int failuresToOpen,
                     @Value("${tokentally.chat.circuit-open-for}") Duration openFor) {
        this.clock = clock;
        this.failuresToOpen = failuresToOpen;
        this.openFor = openFor;
    }

    public boolean isOpen(ProviderKind provider) {
        State state = states.get(provider);
        return state != null && state.openedAt() != null && clock.instant().isBefore(state.openedAt().plus(openFor));
    }

    public void succeeded(ProviderKind provider) {
        states.remove(provider);
    }

    public void failed(ProviderKind provider) {
        states.compute(provider, (kind, state) -> {
            int failures = (state == null ? 0 : state.failures()) + 1;
            return new State(failures, failures >= failuresToOpen ? clock.instant() : null);
        });
    }

    /** Closes every circuit (an admin changed the connection, or tests start afresh). */
    public void reset() {
        states.clear();
    }
}
