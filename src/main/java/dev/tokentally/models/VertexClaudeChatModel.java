package dev.tokentally.models;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpClientBuilderLoader;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Claude on Google Vertex AI as a LangChain4j model, for the chat and the gateway's OpenAI-format calls: LangChain4j's
 * Anthropic client writes Anthropic's Messages request and reads its answer (text, stop reason, usage with cache reads
 * and writes), and the HTTP client below it sends each request where Vertex takes it: the model's {@code :rawPredict}
 * (plain) or {@code :streamRawPredict} (streamed), the body without its model and with Vertex's
 * {@code anthropic_version}, the service account's bearer token instead of an API key. Vertex's refusals come as
 * {@link HttpException}s with Vertex's status and its message.
 */
final class VertexClaudeChatModel implements StreamingChatModel {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StreamingChatModel streaming;
    private final ChatModel plain;

    /** {@code modelUrl}: the publisher model's address before its method; {@code token}: a bearer token for this call. */
    VertexClaudeChatModel(String modelUrl, String token, CallSettings call, Duration timeout, boolean streamed) {
        VertexHttp.Builder http = new VertexHttp.Builder(modelUrl, token);
        int maxTokens = call.maxOutputTokens() != null ? call.maxOutputTokens() : StandardProviderTypes.ANTHROPIC_DEFAULT_MAX_TOKENS;
        // The base URL and key only satisfy LangChain4j's client: VertexHttp replaces both on every request.
        this.streaming = streamed ? AnthropicStreamingChatModel.builder().httpClientBuilder(http).baseUrl(VertexHttp.PLACEHOLDER)
                .apiKey("vertex").modelName(call.modelName()).temperature(call.temperature()).maxTokens(maxTokens)
                .timeout(timeout).build() : null;
        this.plain = streamed ? null : AnthropicChatModel.builder().httpClientBuilder(http).baseUrl(VertexHttp.PLACEHOLDER)
                .apiKey("vertex").modelName(call.modelName()).temperature(call.temperature()).maxTokens(maxTokens)
                .timeout(timeout).maxRetries(0).build();
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        StreamingChatResponseHandler answered = new Refusals(handler);
        if (streaming != null) {
            streaming.chat(request, answered);
            return;
        }
        // rawPredict answers in one piece; it is waited for off the caller's thread, as a stream would be.
        Thread.ofVirtual().name("vertex-claude").start(() -> {
            ChatResponse response;
            try {
                response = plain.chat(request);
            } catch (RuntimeException refused) {
                answered.onError(refused);
                return;
            }
            String text = response.aiMessage() == null ? null : response.aiMessage().text();
            if (text != null && !text.isEmpty()) {
                answered.onPartialResponse(text);
            }
            answered.onCompleteResponse(response);
        });
    }

    /** Passes the answer on; a refusal becomes an {@link HttpException} with Vertex's status and message. */
    private record Refusals(StreamingChatResponseHandler handler) implements StreamingChatResponseHandler {

        @Override
        public void onPartialResponse(String partial) {
            handler.onPartialResponse(partial);
        }

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            handler.onPartialResponse(partial, context);
        }

        @Override
        public void onCompleteToolCall(CompleteToolCall toolCall) {
            handler.onCompleteToolCall(toolCall);
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            handler.onCompleteResponse(response);
        }

        @Override
        public void onError(Throwable error) {
            for (Throwable cause = error; cause != null; cause = cause.getCause()) {
                if (cause instanceof HttpException refused) {
                    handler.onError(new HttpException(refused.statusCode(), "Google Vertex AI: " + VertexConnection.reason(refused.getMessage())));
                    return;
                }
            }
            handler.onError(error);
        }
    }

    /** LangChain4j's HTTP client, with each Anthropic Messages request rewritten as Vertex takes it. */
    private record VertexHttp(HttpClient http, String modelUrl, String token) implements HttpClient {

        static final String PLACEHOLDER = "https://vertex.invalid/v1/";

        @Override
        public SuccessfulHttpResponse execute(HttpRequest request) {
            return http.execute(forVertex(request));
        }

        @Override
        public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
            http.execute(forVertex(request), parser, listener);
        }

        private HttpRequest forVertex(HttpRequest request) {
            ObjectNode body = (ObjectNode) JSON.readTree(request.body());
            body.remove("model");
            body.put("anthropic_version", VertexConnection.ANTHROPIC_VERSION);
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(request.headers());
            headers.remove("x-api-key");
            headers.remove("anthropic-version");
            headers.put("Authorization", List.of("Bearer " + token));
            return HttpRequest.builder().method(request.method()).headers(headers)
                    .url(modelUrl + (body.path("stream").asBoolean(false) ? ":streamRawPredict" : ":rawPredict"))
                    .body(JSON.writeValueAsString(body)).build();
        }

        /** No toString: the record would print the token. */
        @Override
        public String toString() {
            return "VertexHttp[" + modelUrl + "]";
        }

        private static final class Builder implements HttpClientBuilder {

            private final HttpClientBuilder inner = HttpClientBuilderLoader.loadHttpClientBuilder();
            private final String modelUrl;
            private final String token;

            Builder(String modelUrl, String token) {
                this.modelUrl = modelUrl;
                this.token = token;
            }

            @Override
            public Duration connectTimeout() {
                return inner.connectTimeout();
            }

            @Override
            public HttpClientBuilder connectTimeout(Duration timeout) {
                inner.connectTimeout(timeout);
                return this;
            }

            @Override
            public Duration readTimeout() {
                return inner.readTimeout();
            }

            @Override
            public HttpClientBuilder readTimeout(Duration timeout) {
                inner.readTimeout(timeout);
                return this;
            }

            @Override
            public HttpClient build() {
                return new VertexHttp(inner.build(), modelUrl, token);
            }
        }
    }
}
