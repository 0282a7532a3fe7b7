package dev.tokentally.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.tokentally.base.RetryPolicy;
import dev.tokentally.base.net.RetryAfter;
import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.models.ModelCallProperties;
import dev.tokentally.models.ProviderCircuits;
import dev.tokentally.models.ProviderConnections;
import dev.tokentally.models.ProviderKind;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Sends a call to its provider as raw HTTP with the platform's key for that provider (never the caller's), with
 * the chat's resilience: 5xx before the first byte are tried again after a growing pause; a 429 is tried again only
 * after the pause the provider asks for, when that pause is short, else passed to the client with it. Real failures
 * (5xx, unreachable, no answer in time) feed the circuit of the connection and model, never 429s; an open circuit
 * refuses at once. The provider's answer is waited for within {@link GatewayTimeouts}.
 */
@Component
@EnableConfigurationProperties(GatewayTimeouts.class)
class UpstreamCalls {

    private static final Logger log = LoggerFactory.getLogger(UpstreamCalls.class);

    private final ProviderConnections connections;
    private final ProviderCircuits circuits;
    private final UpstreamTypes types;
    private final Clock clock;
    private final RetryPolicy retries;
    private volatile GatewayTimeouts timeouts;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    UpstreamCalls(ProviderConnections connections, ProviderCircuits circuits, UpstreamTypes types,
                  Clock clock, GatewayTimeouts timeouts, ModelCallProperties calls) {
        this.connections = connections;
        this.circuits = circuits;
        this.types = types;
        this.clock = clock;
        this.timeouts = timeouts;
        this.retries = RetryPolicy.doubling(calls.attempts(), calls.backoff(), RetryPolicy.SPREAD);
    }

    /** What the gateway does differently for the model's kind of connection. */
    UpstreamType type(ChatModelChoice model) {
        return types.of(model.provider());
    }

    /** The connection a call to the model goes through, as the ledger names it (its code: openai, azure, groq...). */
    String connection(ChatModelChoice model) {
        return model.connection();
    }

    /** Replaces the timeouts for the calls that start from now on; @return the ones before (tests shorten them). */
    GatewayTimeouts useTimeouts(GatewayTimeouts replacement) {
        GatewayTimeouts before = timeouts;
        timeouts = replacement;
        return before;
    }

    /**
     * @throws Unanswered when the provider received the call but did not answer in full (it bills such calls)
     * @throws GatewayException when the provider is off, its circuit is open or it cannot be reached
     */
    Upstream send(ChatModelChoice model, Endpoint endpoint, java.util.List<byte[]> body, tools.jackson.databind.JsonNode json,
                  HttpServletRequest client) {
        return send(model, endpoint, body, json, client, retries);
    }

    /** As above, tried again as {@code retries} says (a routed call tries once here: its route retries). */
    Upstream send(ChatModelChoice model, Endpoint endpoint, java.util.List<byte[]> body, tools.jackson.databind.JsonNode json,
                  HttpServletRequest client, RetryPolicy retries) {
        ProviderKind kind = model.provider();
        UpstreamType type = types.of(kind);
        Optional<Upstream> offline = type.offline(model, endpoint, json);
        if (offline.isPresent()) {
            return offline.get();
        }
        ProviderConnections.Credentials credentials = connections.credentials(model.connection()).orElseThrow(() ->
                new GatewayException(GatewayException.Kind.NOT_CONNECTED, kind.displayName() + " is not connected."));
        ProviderCircuits.Circuit circuit = ProviderCircuits.Circuit.platform(model.connection(), model.name());
        refuseWhileOpen(circuit, kind);
        QueueInputStream.Deadlines deadlines = QueueInputStream.Deadlines.from(timeouts);
        // Bedrock, and Claude on Vertex in OpenAI's format, answer through the kind's own client (TranslatedUpstream).
        boolean ownClient = type.ownClient(model, endpoint);
        HttpRequest request = ownClient ? null : type.request(credentials, model, endpoint, body, client);
        for (int attempt = 1; ; attempt++) {
            Upstream upstream;
            Optional<Duration> asked;
            if (ownClient) {
                // Neither names a pause after a throttling.
                upstream = ownClient(type, credentials, model, endpoint, json, deadlines, circuit);
                asked = Optional.empty();
            } else {
                HttpResponse<InputStream> response = exchange(request, deadlines, circuit, kind);
                upstream = upstream(response, deadlines, circuit, kind);
                asked = RetryAfter.of(response.headers(), clock.instant());
            }
            int status = upstream.status();
            Optional<Duration> pause;
            if (status == 429) {
                // The provider is up and limits this connection's rate for this model: no sign of an outage.
                pause = retries.pauseAfter(attempt, asked);
            } else if (status >= 500) {
                circuits.failed(circuit);
                pause = !circuits.isOpen(circuit) ? retries.pauseAfter(attempt, Optional.empty()) : Optional.empty();
            } else {
                circuits.succeeded(circuit);
                pause = Optional.empty();
            }
            if (pause.isEmpty()) {
                return ownClient ? upstream : type.answer(upstream, endpoint.format);
            }
            log.info("{} answered {} for {}; attempt {} in {} ms", kind.displayName(), status, model.name(), attempt + 1,
                    pause.get().toMillis());
            pause(pause.get());
        }
    }

    private Upstream ownClient(UpstreamType type, ProviderConnections.Credentials credentials, ChatModelChoice model,
                               Endpoint endpoint, tools.jackson.databind.JsonNode json, QueueInputStream.Deadlines deadlines,
                               ProviderCircuits.Circuit circuit) {
        try {
            return type.call(credentials, model, endpoint, json, deadlines);
        } catch (GatewayException unreachableOrSilent) {
            circuits.failed(circuit);
            throw unreachableOrSilent;
        }
    }

    private void refuseWhileOpen(ProviderCircuits.Circuit circuit, ProviderKind kind) {
        Duration reopensIn = circuits.reopensIn(circuit);
        if (!reopensIn.isZero()) {
            throw new GatewayException(GatewayException.Kind.UNAVAILABLE, kind.displayName() + "'s " + circuit.model()
                    + " is unavailable at the moment; try again shortly.",
                    Map.of("Retry-After", String.valueOf(Math.max(1, (reopensIn.toMillis() + 999) / 1000))));
        }
    }

    /** The answer's headers, within the first-byte and total timeouts. */
    private HttpResponse<InputStream> exchange(HttpRequest request, QueueInputStream.Deadlines deadlines,
                                               ProviderCircuits.Circuit circuit, ProviderKind kind) {
        CompletableFuture<HttpResponse<InputStream>> exchange = http.sendAsync(request,
                info -> new QueueInputStream(deadlines).subscriber());
        try {
            return exchange.get(Math.max(0, deadlines.waitNanos(false)), TimeUnit.NANOSECONDS);
        } catch (TimeoutException silent) {
            exchange.cancel(true);
            circuits.failed(circuit);
            String why = deadlines.timedOut(false).getMessage();
            log.info("{} {}: {}", kind.displayName(), circuit.model(), why);
            throw new Unanswered(GatewayException.Kind.TIMEOUT, kind.displayName() + " did not answer in time (" + why + ").");
        } catch (ExecutionException failed) {
            circuits.failed(circuit);
            log.info("{} could not be reached: {}", kind.displayName(), failed.getCause().getClass().getSimpleName());
            throw new GatewayException(GatewayException.Kind.UNREACHABLE, kind.displayName() + " could not be reached.");
        } catch (InterruptedException interrupted) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new GatewayException(GatewayException.Kind.UNREACHABLE, "The call was interrupted.");
        }
    }

    /**
     * The answer as the gateway passes it on: a stream as it arrives; anything else read whole here, within the
     * timeouts, so that a provider that stalls in the middle of a plain answer ends as a timeout like one that never
     * started.
     */
    private Upstream upstream(HttpResponse<InputStream> response, QueueInputStream.Deadlines deadlines,
                              ProviderCircuits.Circuit circuit, ProviderKind kind) {
        Upstream upstream = new Upstream(response.statusCode(), response.headers().firstValue("content-type").orElse("application/json"),
                response.headers().firstValue("x-request-id").or(() -> response.headers().firstValue("request-id")).orElse(null),
                RetryAfter.passed(response.headers()), response.body());
        if (upstream.ok() && upstream.streamed()) {
            return upstream;
        }
        try (InputStream body = response.body()) {
            return new Upstream(upstream.status(), upstream.contentType(), upstream.requestId(), upstream.passedHeaders(),
                    new java.io.ByteArrayInputStream(body.readAllBytes()));
        } catch (IOException cut) {
            circuits.failed(circuit);
            boolean timedOut = cut instanceof QueueInputStream.TimedOut;
            log.info("{} {}: answer {} ({})", kind.displayName(), circuit.model(), timedOut ? "timed out" : "cut off", cut.getMessage());
            GatewayException.Kind failure = timedOut ? GatewayException.Kind.TIMEOUT : GatewayException.Kind.UNREACHABLE;
            String message = kind.displayName() + (timedOut ? " did not answer in time (" + cut.getMessage() + ")."
                    : " cut its answer off.");
            throw upstream.ok() ? new Unanswered(failure, message) : new GatewayException(failure, message);
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
