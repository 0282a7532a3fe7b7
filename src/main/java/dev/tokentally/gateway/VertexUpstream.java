package dev.tokentally.gateway;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.models.ProviderConnections;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.models.ProviderUnavailableException;
import dev.tokentally.models.VertexConnection;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A gateway call to Google Vertex AI: Gemini models through Vertex's OpenAI-compatible API (the model named
 * {@code google/<model>}), Claude models through {@code :rawPredict} / {@code :streamRawPredict} with Anthropic's body,
 * less its model, plus Vertex's {@code anthropic_version}; each with a bearer token of the connection's service
 * account. Vertex's refusals (its 429 is {@code RESOURCE_EXHAUSTED}) come back in the client's format.
 */
@Component
class VertexUpstream implements UpstreamType {

    static final String ANTHROPIC_VERSION = "vertex-2023-10-16";

    private final VertexConnection vertex;

    VertexUpstream(VertexConnection vertex) {
        this.vertex = vertex;
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.VERTEX;
    }

    @Override
    public Set<Endpoint> endpoints() {
        return Set.of(Endpoint.CHAT_COMPLETIONS, Endpoint.EMBEDDINGS, Endpoint.MESSAGES);
    }

    /** Whether Vertex serves the model at the endpoint: Claude at /v1/messages, Gemini at /v1/chat/completions. */
    private static boolean serves(ChatModelChoice model, Endpoint endpoint) {
        return isClaude(model) ? endpoint == Endpoint.MESSAGES : endpoint == Endpoint.CHAT_COMPLETIONS;
    }

    /** A call to {@code vertex/<model>}: a Gemini or Claude model of the catalog, which the organization must allow. */
    @Override
    public Optional<ChatModelChoice> named(String name, Endpoint endpoint, List<ChatModelChoice> allowed, Names names) {
        String requested = kind().code() + "/" + name;
        ChatModelChoice model = vertex.model(allowed, name).orElseThrow(() -> vertex.priced(name).isPresent()
                ? new GatewayException(GatewayException.Kind.PERMISSION, "The model '" + requested
                        + "' is not available to your organization; an organization admin can allow it under Chat models.")
                : new GatewayException(GatewayException.Kind.NOT_FOUND, "Vertex AI serves no model '" + name
                        + "' that the catalog knows (Gemini and Claude models are)."));
        names.requireConnected(model, requested);
        if (!serves(model, endpoint)) {
            throw new GatewayException(GatewayException.Kind.INVALID, "'" + requested + "' is not served at /v1/" + endpoint.path
                    + ": on Vertex AI, call Claude models at /v1/messages and Gemini models at /v1/chat/completions.");
        }
        return Optional.of(model);
    }

    /** @throws GatewayException when Vertex is off or Google issues no token for its service account */
    @Override
    public HttpRequest request(ProviderConnections.Credentials credentials, ChatModelChoice model, Endpoint endpoint,
                               List<byte[]> body, HttpServletRequest client) {
        VertexConnection.Target target = vertex.target().orElseThrow(() ->
                new GatewayException(GatewayException.Kind.NOT_CONNECTED, "Google Vertex AI is not connected."));
        String token;
        try {
            token = vertex.accessToken();
        } catch (ProviderUnavailableException refused) {
            throw new GatewayException(GatewayException.Kind.UNREACHABLE, refused.getMessage());
        }
        ObjectNode json = (ObjectNode) WireFormat.JSON.readTree(joined(body));
        String url;
        if (isClaude(model)) {
            json.remove("model");
            json.put("anthropic_version", ANTHROPIC_VERSION);
            url = target.publisherModelUrl(VertexConnection.ANTHROPIC, model.deployment())
                    + (json.path("stream").asBoolean(false) ? ":streamRawPredict" : ":rawPredict");
        } else {
            json.put("model", "google/" + model.deployment());
            url = target.openAiBaseUrl() + "/chat/completions";
        }
        // No request timeout here: the gateway's own first-byte, idle and total timeouts apply.
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(WireFormat.JSON.writeValueAsBytes(json))).build();
    }

    /** The answer as the client gets it: as Vertex sent it, or Vertex's refusal in the client's error format. */
    @Override
    public Upstream answer(Upstream upstream, WireFormat format) {
        if (upstream.ok()) {
            return upstream;
        }
        String message;
        try (InputStream body = upstream.body()) {
            JsonNode error = WireFormat.JSON.readTree(body.readAllBytes());
            JsonNode detail = (error.isArray() ? error.path(0) : error).path("error");
            message = detail.path("message").asString(detail.path("status").asString("no reason given"));
        } catch (IOException | RuntimeException unreadable) {
            message = "no reason given";
        }
        GatewayException.Kind kind = switch (upstream.status()) {
            case 400 -> GatewayException.Kind.INVALID;
            case 404 -> GatewayException.Kind.NOT_FOUND;
            case 429 -> GatewayException.Kind.RATE_LIMIT;
            case 401, 403 -> GatewayException.Kind.UNREACHABLE; // Tokentally's service account, not the client, was refused
            default -> GatewayException.Kind.UNAVAILABLE;
        };
        byte[] error = format.errorBody(kind, "Google Vertex AI: " + message).getBytes(StandardCharsets.UTF_8);
        return new Upstream(kind.status, "application/json", upstream.requestId(), upstream.passedHeaders(),
                new ByteArrayInputStream(error));
    }

    private static boolean isClaude(ChatModelChoice model) {
        return VertexConnection.ANTHROPIC.equals(model.providerCode());
    }

    private static byte[] joined(List<byte[]> body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
