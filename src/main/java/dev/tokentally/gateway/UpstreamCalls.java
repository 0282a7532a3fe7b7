package dev.tokentally.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.models.ProviderCircuits;
import dev.tokentally.models.ProviderConnections;
import dev.tokentally.models.ProviderKind;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Sends a call to its provider as raw HTTP with the platform's key for that provider (never the caller's), with
 * the chat's resilience: 429 and 5xx before the first byte are tried again after a growing pause, failures feed
 * the provider's circuit breaker and an open circuit refuses at once.
 */
@Component
class UpstreamCalls {

    private static final Logger log = LoggerFactory.getLogger(UpstreamCalls.class);
    static final String ANTHROPIC_VERSION = "2023-06-01";

    private final ProviderConnections connections;
    private final ProviderCircuits circuits;
    private final DemoProvider demo;
    private final int attempts;
    private final Duration backoff;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    UpstreamCalls(ProviderConnections connections, ProviderCircuits circuits, DemoProvider demo,
                 @Value("${tokentally.chat.attempts}") int attempts, @Value("${tokentally.chat.backoff}") Duration backoff) {
        this.connections = connections;
        this.circuits = circuits;
        this.demo = demo;
        this.attempts = attempts;
        this.backoff = backoff;
    }

    /** @throws GatewayException when the provider is off, its circuit is open or it cannot be reached */
    Upstream send(ChatModelChoice model, Endpoint endpoint, java.util.List<byte[]> body, tools.jackson.databind.JsonNode json,
                  HttpServletRequest client) {
        ProviderKind kind = model.provider();
        if (kind == ProviderKind.DEMO) {
            return demo.answer(model, endpoint, json);
        }
        ProviderConnections.Credentials credentials = connections.credentials(kind).orElseThrow(() ->
                new GatewayException(GatewayException.Kind.NOT_CONNECTED, kind.displayName() + " is not connected."));
        if (circuits.isOpen(kind)) {
            throw new GatewayException(GatewayException.Kind.UNAVAILABLE, kind.displayName()
                    + " is unavailable at the moment; try again shortly.", java.util.Map.of("Retry-After", "30"));
        }
        HttpRequest request = request(credentials, endpoint, body, client);
        for (int attempt = 1; ; attempt++) {
            HttpResponse<InputStream> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException unreachable) {
                circuits.failed(kind);
                log.info("{} could not be reached: {}", kind.displayName(), unreachable.getClass().getSimpleName());
                throw new GatewayException(GatewayException.Kind.UNREACHABLE, kind.displayName() + " could not be reached.");
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new GatewayException(GatewayException.Kind.UNREACHABLE, "The call was interrupted.");
            }
            int status = response.statusCode();
            boolean retriable = status == 429 || status >= 500;
            if (retriable) {
                circuits.failed(kind);
            } else {
                circuits.succeeded(kind);
            }
            if (!retriable || attempt >= attempts) {
                return new Upstream(status, response.headers().firstValue("content-type").orElse("application/json"),
                        response.headers().firstValue("x-request-id").or(() -> response.headers().firstValue("request-id"))
                                .orElse(null), response.body());
            }
            discard(response.body());
            pause(backoff.toMillis() << (attempt - 1));
        }
    }

    private static HttpRequest request(ProviderConnections.Credentials credentials, Endpoint endpoint, java.util.List<byte[]> body,
                                       HttpServletRequest client) {
        String base = credentials.baseUrl().endsWith("/") ? credentials.baseUrl().substring(0, credentials.baseUrl().length() - 1)
                : credentials.baseUrl();
        String path = switch (credentials.kind()) {
            case GOOGLE -> "/openai/" + endpoint.path;
            case OLLAMA -> "/v1/" + endpoint.path;
            default -> "/" + endpoint.path;
        };
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(credentials.timeoutSeconds()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArrays(body),
                        body.stream().mapToLong(chunk -> chunk.length).sum()));
        if (credentials.apiKey() != null) {
            if (endpoint == Endpoint.MESSAGES) {
                request.header("x-api-key", credentials.apiKey());
            } else {
                request.header("Authorization", "Bearer " + credentials.apiKey());
            }
        }
        if (credentials.kind() == ProviderKind.ANTHROPIC) {
            String version = client.getHeader("anthropic-version");
            request.header("anthropic-version", version == null || version.isBlank() ? ANTHROPIC_VERSION : version);
            String beta = client.getHeader("anthropic-beta");
            if (beta != null && !beta.isBlank()) {
                request.header("anthropic-beta", beta);
            }
        }
        return request.build();
    }

    private static void discard(InputStream body) {
        try (body) {
            body.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // The failed attempt's body says nothing the next attempt needs.
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
