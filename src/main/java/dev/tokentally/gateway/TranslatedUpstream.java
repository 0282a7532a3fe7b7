package dev.tokentally.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A gateway call whose provider speaks another format than the client: the client's request (OpenAI's chat
 * completions or Anthropic's messages: turns, system, max tokens, temperature, top_p, stop) goes to a LangChain4j model
 * of the provider (Bedrock's Converse, Claude on Vertex's rawPredict), and the answer comes back written in the client's
 * format as the demo model's is, usage included, so that the gateway meters it like any provider's. The provider's
 * refusals come back in the client's error shape with the provider's status; they cost nothing.
 */
final class TranslatedUpstream {

    private static final Logger log = LoggerFactory.getLogger(TranslatedUpstream.class);

    private TranslatedUpstream() {
    }

    /**
     * Waits for the provider's first event (its refusal, the first text, or the whole answer) within the first-byte
     * timeout; {@code writer} writes the answer in the client's format into {@code body}.
     *
     * @throws Unanswered when the provider did not answer in time (it bills a call it received)
     * @throws GatewayException when the provider cannot be reached
     */
    static Upstream answer(String provider, StreamingChatModel model, JsonNode request, Endpoint endpoint,
                           StreamingChatResponseHandler writer, QueueInputStream body, QueueInputStream.Deadlines deadlines) {
        FirstEvent first = new FirstEvent(provider, writer, body);
        model.chat(chatRequest(request), first);
        try {
            first.arrived.get(Math.max(0, deadlines.waitNanos(false)), TimeUnit.NANOSECONDS);
        } catch (TimeoutException silent) {
            throw new Unanswered(GatewayException.Kind.TIMEOUT, provider + " did not answer in time ("
                    + deadlines.timedOut(false).getMessage() + ").");
        } catch (ExecutionException failed) {
            return refusal(provider, endpoint, failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new GatewayException(GatewayException.Kind.UNREACHABLE, "The call was interrupted.");
        }
        return new Upstream(200, request.path("stream").asBoolean(false) ? "text/event-stream" : "application/json", null, body);
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

    /** The provider's refusal in the client's error shape, with its status; a failure to reach it is the gateway's 502. */
    private static Upstream refusal(String provider, Endpoint endpoint, Throwable failure) {
        if (!(failure instanceof HttpException refused)) {
            if (failure instanceof dev.langchain4j.exception.TimeoutException) {
                throw new Unanswered(GatewayException.Kind.TIMEOUT, provider + " did not answer in time.");
            }
            log.info("{} could not be reached: {}", provider, failure.toString());
            throw new GatewayException(GatewayException.Kind.UNREACHABLE, provider + " could not be reached.");
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
        byte[] body = endpoint.format.errorBody(kind, provider + " refused the call: " + refused.getMessage())
                .getBytes(StandardCharsets.UTF_8);
        return new Upstream(refused.statusCode(), "application/json", null, Map.of(), new ByteArrayInputStream(body));
    }

    /**
     * Passes the answer to the writer, and tells {@link #answer} when its first event came: then the status is known. A
     * failure after that cuts the answer off.
     */
    private static final class FirstEvent implements StreamingChatResponseHandler {

        final CompletableFuture<Void> arrived = new CompletableFuture<>();
        private final String provider;
        private final StreamingChatResponseHandler writer;
        private final QueueInputStream body;

        FirstEvent(String provider, StreamingChatResponseHandler writer, QueueInputStream body) {
            this.provider = provider;
            this.writer = writer;
            this.body = body;
        }

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            onPartialResponse(partial.text());
        }

        @Override
        public void onPartialResponse(String text) {
            writer.onPartialResponse(text);
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
                log.info("{} cut its answer off: {}", provider, error.toString());
                body.fail(new IOException(provider + " cut its answer off: " + error.getMessage()));
            }
        }
    }
}
