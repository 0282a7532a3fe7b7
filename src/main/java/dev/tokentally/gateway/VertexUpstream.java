package dev.tokentally.gateway;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.tokentally.models.CallSettings;
import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.models.ProviderConnections;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.models.ProviderUnavailableException;
import dev.tokentally.models.VertexConnection;
import dev.tokentally.pricing.TokenCounts;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A gateway call to Google Vertex AI: Gemini models through Vertex's OpenAI-compatible API (the model named
 * {@code google/<model>}), Claude models through {@code :rawPredict} / {@code :streamRawPredict} with Anthropic's body,
 * less its model, plus Vertex's {@code anthropic_version}; each with a bearer token of the connection's service
 * account. Claude called in another format than Anthropic's (OpenAI's chat completions) is translated both ways, as
 * Bedrock's calls are ({@link TranslatedUpstream}). Vertex's refusals (its 429 is {@code RESOURCE_EXHAUSTED}) come
 * back in the client's format.
 */
@Component
class VertexUpstream implements UpstreamType {

    private static final String NAME = "Google Vertex AI";

    private final VertexConnection vertex;
    private final Clock clock;

    VertexUpstream(VertexConnection vertex, Clock clock) {
        this.vertex = vertex;
        this.clock = clock;
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.VERTEX;
    }

    @Override
    public Set<Endpoint> endpoints() {
        return Set.of(Endpoint.CHAT_COMPLETIONS, Endpoint.EMBEDDINGS, Endpoint.MESSAGES);
    }

    /** Whether Vertex serves the model at the endpoint: Claude at /v1/messages and /v1/chat/completions, Gemini at the latter. */
    private static boolean serves(ChatModelChoice model, Endpoint endpoint) {
        return endpoint == Endpoint.CHAT_COMPLETIONS || isClaude(model) && endpoint == Endpoint.MESSAGES;
    }

    /** Whether the call is translated: Claude on Vertex called in OpenAI's format. */
    private static boolean translates(ChatModelChoice model, Endpoint endpoint) {
        return isClaude(model) && endpoint != Endpoint.MESSAGES;
    }

    @Override
    public boolean ownClient(ChatModelChoice model, Endpoint endpoint) {
        return translates(model, endpoint);
    }

    @Override
    public boolean readsBody(ChatModelChoice model, Endpoint endpoint) {
        return translates(model, endpoint);
    }

    /** A translated answer's usage in OpenAI's format counts the cache inside the prompt, as Bedrock's does. */
    @Override
    public TokenCounts billed(TokenCounts reported, ChatModelChoice model, Endpoint endpoint) {
        return translates(model, endpoint) && endpoint.format == WireFormat.OPENAI ? BedrockUpstream.inBedrockCounting(reported)
                : reported;
    }

    /**
     * Claude on Vertex for an OpenAI-format call: the request as Anthropic's, the answer in the client's format.
     *
     * @throws Unanswered when Vertex did not answer in time (it bills a call it received)
     * @throws GatewayException when Vertex is off, Google issues no token or Vertex cannot be reached
     */
    @Override
    public Upstream call(ProviderConnections.Credentials credentials, ChatModelChoice model, Endpoint endpoint, JsonNode request,
                         QueueInputStream.Deadlines deadlines) {
        StreamingChatModel claude;
        try {
            claude = vertex.claude(credentials, CallSettings.of(model, null, null), request.path("stream").asBoolean(false));
        } catch (ProviderUnavailableException refused) {
            throw new GatewayException(GatewayException.Kind.UNREACHABLE, refused.getMessage());
        }
        QueueInputStream body = new QueueInputStream(deadlines);
        return TranslatedUpstream.answer(NAME, claude, request, endpoint, DemoProvider.writer(endpoint, model.name(), body,
                request, clock.instant().getEpochSecond(), "vertex"), body, deadlines);
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
                    + ": on Vertex AI, call Claude models at /v1/messages or /v1/chat/completions and Gemini models at the latter.");
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
            json.put("anthropic_version", VertexConnection.ANTHROPIC_VERSION);
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
            message = VertexConnection.reason(new String(body.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException unreadable) {
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
