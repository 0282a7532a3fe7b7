package dev.tokentally.models;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.tokentally.base.RetryPolicy;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts streaming calls with the resilience the chat promises: a call that fails with 429 or 5xx before
 * its first token is tried again after a growing pause; once tokens flow, a failure ends the call (the
 * member sees half an answer and a Retry button, never a silently duplicated one). Real failures (not 429s)
 * feed the circuit breaker of the connection and model; an open circuit refuses at once.
 */
@Component
public class ProviderCalls {

    private static final Logger log = LoggerFactory.getLogger(ProviderCalls.class);

    private final ModelClients clients;
    private final ProviderCircuits circuits;
    private final RetryPolicy retries;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("provider-retry").daemon().factory());

    ProviderCalls(ModelClients clients, ProviderCircuits circuits, ModelCallProperties calls) {
        this.clients = clients;
        this.circuits = circuits;
        this.retries = RetryPolicy.doubling(calls.attempts(), calls.backoff(), RetryPolicy.SPREAD);
    }

    /** @throws ProviderUnavailableException when the provider is off or its circuit is open */
    public StreamingCall start(CallSettings settings, List<ChatMessage> messages, StreamListener listener) {
        ProviderCircuits.Circuit circuit = ProviderCircuits.Circuit.platform(settings.connection(), settings.modelName());
        if (circuits.isOpen(circuit)) {
            throw new ProviderUnavailableException(settings.provider().displayName()
                    + " is unavailable at the moment; try another model.");
        }
        StreamingCall call = new StreamingCall(settings.provider(), circuit, clients.streaming(settings),
                ChatRequest.builder().messages(messages).build(), listener, this);
        call.attempt(1);
        return call;
    }

    /** Whether a failed attempt is tried again; schedules it when so. */
    boolean retryLater(StreamingCall call, int failedAttempt, Throwable failure) {
        if (!retries.triesAgain(failedAttempt) || !CallFailures.retriable(failure)) {
            return false;
        }
        long pause = retries.backoff(failedAttempt).toMillis();
        log.info("{} call failed before its first token ({}); attempt {} in {} ms", call.provider().displayName(),
                failure.getClass().getSimpleName(), failedAttempt + 1, pause);
        later.schedule(() -> call.attempt(failedAttempt + 1), pause, TimeUnit.MILLISECONDS);
        return true;
    }

    void succeeded(ProviderCircuits.Circuit circuit) {
        circuits.succeeded(circuit);
    }

    void failed(ProviderCircuits.Circuit circuit, Throwable failure) {
        if (CallFailures.unavailable(failure)) {
            circuits.failed(circuit);
        }
    }

    @PreDestroy
    void shutdown() {
        later.shutdownNow();
    }
}
