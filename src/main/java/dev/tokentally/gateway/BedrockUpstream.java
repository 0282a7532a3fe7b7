package dev.tokentally.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.tokentally.models.BedrockConnection;
import dev.tokentally.models.CallSettings;
import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.models.ProviderConnections;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.pricing.TokenCounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * A gateway call to an AWS Bedrock model: the client's request (OpenAI's chat completions or Anthropic's messages:
 * turns, system, max tokens, temperature, top_p, stop) goes to Bedrock's Converse API (ConverseStream when the client
 * streams) through the AWS SDK, which signs it; the answer comes back written in the client's format as the demo
 * model's is, usage included, so the gateway meters it like any provider's. Bedrock's refusals come back in the client's
 * error shape with Bedrock's status (ThrottlingException: 429, ValidationException: 400); they cost nothing.
 */
@Component
class BedrockUpstream implements UpstreamType {

    private static final Logger log = LoggerFactory.getLogger(BedrockUpstream.class);
    private static final String NAME = "Amazon Bedrock";

    private final BedrockConnection bedrock;
    private final Clock clock;

    BedrockUpstream(BedrockConnection bedrock, Clock clock) {
        this.bedrock = bedrock;
        this.clock = clock;
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.BEDROCK;
    }

    @Override
    public Set<Endpoint> endpoints() {
        return Set.of(Endpoint.CHAT_COMPLETIONS, Endpoint.EMBEDDINGS, Endpoint.MESSAGES);
    }

    /** Through the AWS SDK, which signs the call, from the request as JSON. */
    @Override
    public boolean ownClient() {
        return true;
    }

    @Override
    public boolean readsBody() {
        return true;
    }

    @Override
    public Upstream call(ProviderConnections.Credentials credentials, ChatModelChoice model, Endpoint endpoint, JsonNode request,
                         QueueInputStream.Deadlines deadlines) {
        return answer(credentials, model, endpoint, request, deadlines);
    }

    @Override
    public TokenCounts billed(TokenCounts reported, Endpoint endpoint) {
        return endpoint.format == WireFormat.OPENAI ? inBedrockCounting(reported) : reported;
    }

    /** {@code bedrock/<model id>} ({@code anthropic.claude-…}, {@code us.anthropic.claude-…}): its catalog model, called under that id. */
    @Override
    public Optional<ChatModelChoice> named(String name, Endpoint endpoint, List<ChatModelChoice> allowed, Names names) {
        String catalogName = BedrockConnection.catalogName(name);
        if (catalogName.equals(name)) {
            return Optional.empty();
        }
        return Optional.of(names.catalog(kind().code() + "/" + catalogName).via(kind(), kind().code(), name));
    }

    /**
     * Waits for Bedrock's first event (its refusal, the first text, or the whole answer) within the first-byte timeout.
     *
     * @throws Unanswered when Bedrock did not answer in time (it bills a call it received)
     * @throws GatewayException when Bedrock cannot be reached
     */
    Upstream answer(ProviderConnections.Credentials credentials, ChatModelChoice model, Endpoint endpoint, JsonNode request,
                    QueueInputStream.Deadlines deadlines) {
        boolean stream = request.path("stream").asBoolean(false);
        QueueInputStream body = new QueueInputStream(deadlines);
        FirstEvent first = new FirstEvent(DemoProvider.writer(endpoint, model.name(), body, request,
                clock.instant().getEpochSecond(), "bedrock"), body);
        bedrock.model(credentials, CallSettings.of(model, null, null), stream).chat(chatRequest(request), first);
        try {
            first.arrived.get(Math.max(0, deadlines.waitNanos(false)), TimeUnit.NANOSECONDS);
        } catch (TimeoutException silent) {
            throw new Unanswered(GatewayException.Kind.TIMEOUT, NAME + " did not answer in time ("
                    + deadlines.timedOut(false).getMessage() + ").");
        } catch (ExecutionException failed) {
            return refusal(endpoint, failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new GatewayException(GatewayException.Kind.UNREACHABLE, "The call was interrupted.");
        }
        return new Upstream(200, stream ? "text/event-stream" : "application/json", null, body);
    }

    /** Bedrock's usage in an OpenAI-format answer counts the cache inside the prompt; the ledger counts as Bedrock prices. */
    static TokenCounts inBedrockCounting(TokenCounts openAi) {
        long cache = openAi.cachedInput() + openAi.cacheWrite5m() + openAi.cacheWrite1h();
        return new TokenCounts(Math.max(0, openAi.input() - cache), openAi.cachedInput(), openAi.cacheWrite5m(),
                openAi.cacheWrite1h(), openAi.output(), openAi.reasoning(), openAi.requests());
    }

    /** The request in LangChain4j's terms: the turns (text), and the limits the client set. */
    static ChatRequest chatRequest(JsonNode request) {
        var parameters = ChatRequestParameters.builder().maxOutputTokens(MaxTokens.requested(request));
        if (request.path("temperature").isNumber()) {
            parameters.temperature(request.path("temperature").asDouble());
        }
        if (request.path("top_p").isNumber()) {
            parameters.topP(request.path("top_p").asDouble());
        }
        List<String> stop = new ArrayList<>();
        for (String field : List.of("stop", "stop_sequences")) {
            JsonNode given = request.path(field);
            if (given.isString()) {
                stop.add(given.asString());
            }
            given.forEach(sequence -> {
                if (sequence.isString()) {
                    stop.add(sequence.asString());
                }
            });
        }
        if (!stop.isEmpty()) {
            parameters.stopSequences(stop);
        }
        return ChatRequest.builder().messages(DemoProvider.messages(request)).parameters(parameters.build()).build();
    }

    /** Bedrock's refusal in the client's error shape, with Bedrock's status; a failure to reach it is the gateway's 502. */
    private static Upstream refusal(Endpoint endpoint, Throwable failure) {
        if (!(failure instanceof HttpException refused)) {
            if (failure instanceof dev.langchain4j.exception.TimeoutException) {
                throw new Unanswered(GatewayException.Kind.TIMEOUT, NAME + " did not answer in time.");
            }
            log.info("{} could not be reached: {}", NAME, failure.toString());
            throw new GatewayException(GatewayException.Kind.UNREACHABLE, NAME + " could not be reached.");
        }
        GatewayException.Kind kind = switch (refused.statusCode()) {
            case 400, 422 -> GatewayException.Kind.INVALID;
            case 401 -> GatewayException.Kind.AUTHENTICATION;
            case 403 -> GatewayException.Kind.PERMISSION;
            case 404 -> GatewayException.Kind.NOT_FOUND;
            case 413 -> GatewayException.Kind.TOO_LARGE;
            case 429 -> GatewayException.Kind.RATE_LIMIT;
            case 503 -> GatewayException.Kind.UNAVAILABLE;
            case 504, 408 -> GatewayException.Kind.TIMEOUT;
            default -> GatewayException.Kind.UNREACHABLE;
        };
        byte[] body = endpoint.format.errorBody(kind, NAME + " refused the call: " + refused.getMessage())
                .getBytes(StandardCharsets.UTF_8);
        return new Upstream(refused.statusCode(), "application/json", null, Map.of(), new ByteArrayInputStream(body));
    }

    /**
     * Passes the answer to the writer, and tells {@link #answer} when its first event came: then the status is known. A
     * failure after that cuts the answer off.
     */
    private static final class FirstEvent implements StreamingChatResponseHandler {

        final CompletableFuture<Void> arrived = new CompletableFuture<>();
        private final StreamingChatResponseHandler writer;
        private final QueueInputStream body;

        FirstEvent(StreamingChatResponseHandler writer, QueueInputStream body) {
            this.writer = writer;
            this.body = body;
        }

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            writer.onPartialResponse(partial.text());
            arrived.complete(null);
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            writer.onCompleteResponse(response);
            arrived.complete(null);
        }

        @Override
        public void onError(Throwable error) {
            if (!arrived.completeExceptionally(error)) {
                log.info("{} cut its answer off: {}", NAME, error.toString());
                body.fail(new IOException(NAME + " cut its answer off: " + error.getMessage()));
            }
        }
    }
}
