package dev.tokentally.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.tokentally.models.CallSettings;
import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.models.ModelClients;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.models.ProviderUnavailableException;
import dev.tokentally.models.ResponseTokens;
import dev.tokentally.pricing.TokenCounts;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The offline demo model behind the gateway: the chat's demo model answers, and its answer is written in the
 * caller's wire format exactly as a provider would send it (chunks or one body, with usage), so the gateway
 * forwards and meters it like any other.
 */
@Component
class DemoProvider implements UpstreamType {

    private final ModelClients clients;
    private final Clock clock;

    DemoProvider(ModelClients clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.DEMO;
    }

    @Override
    public Set<Endpoint> endpoints() {
        return EnumSet.allOf(Endpoint.class);
    }

    /** Answers here, offline, whatever the connection's state. */
    @Override
    public Optional<Upstream> offline(ChatModelChoice model, Endpoint endpoint, JsonNode request) {
        return Optional.of(answer(model, endpoint, request));
    }

    @Override
    public boolean readsBody(ChatModelChoice model, Endpoint endpoint) {
        return true;
    }

    Upstream answer(ChatModelChoice model, Endpoint endpoint, JsonNode request) {
        boolean stream = request.path("stream").asBoolean(false);
        Integer maxTokens = MaxTokens.requested(request);
        QueueInputStream body = new QueueInputStream();
        Writer writer = writer(endpoint, model.name(), body, request, clock.instant().getEpochSecond(), "demo");
        try {
            clients.streaming(new CallSettings(ProviderKind.DEMO, model.name(), null, maxTokens))
                    .chat(ChatRequest.builder().messages(messages(request)).build(), writer);
        } catch (ProviderUnavailableException off) {
            throw new GatewayException(GatewayException.Kind.UNAVAILABLE, off.getMessage());
        }
        return new Upstream(200, stream ? "text/event-stream" : "application/json", null, body);
    }

    /**
     * Writes a LangChain4j answer into {@code body} as a provider of the endpoint's wire format sends it (a stream when
     * the request asks for one), under ids tagged {@code idTag}; its usage is read as Anthropic counts (cache reads and
     * writes beside the input), as the demo model (which caches nothing) and Bedrock report it.
     */
    static Writer writer(Endpoint endpoint, String model, QueueInputStream body, JsonNode request, long created, String idTag) {
        boolean stream = request.path("stream").asBoolean(false);
        return switch (endpoint) {
            case MESSAGES -> new AnthropicWriter(model, body, stream, idTag);
            case RESPONSES -> new DemoResponsesWriter(model, body, stream, request, created);
            default -> new OpenAiWriter(model, body, stream, request.path("stream_options").path("include_usage").asBoolean(false),
                    created, endpoint == Endpoint.COMPLETIONS, idTag);
        };
    }

    /** The most the offline demo model reads: it builds the whole request in memory, as a tree. */
    static final int MAX_DEMO_BODY = 1024 * 1024;

    /** The request as the demo model reads it. @throws GatewayException 413 above {@link #MAX_DEMO_BODY} */
    static JsonNode request(List<byte[]> body) {
        if (body.stream().mapToLong(chunk -> chunk.length).sum() > MAX_DEMO_BODY) {
            throw new GatewayException(GatewayException.Kind.TOO_LARGE, "The offline demo model, Amazon Bedrock and"
                    + " Claude on Vertex AI in OpenAI's format take request bodies of at most 1 MB.");
        }
        return WireFormat.JSON.readTree(ChunkedBytes.stream(body));
    }

    /**
     * The prompt in the chat's terms: system, member and assistant turns, text only, from any of the wire formats:
     * {@code system} and {@code messages}; the Responses API's {@code instructions} and {@code input} (a string or
     * items); legacy completions' {@code prompt} (a string or strings).
     */
    static List<ChatMessage> messages(JsonNode request) {
        List<ChatMessage> messages = new ArrayList<>();
        for (String field : List.of("system", "instructions")) {
            String system = text(request.path(field));
            if (!system.isEmpty()) {
                messages.add(SystemMessage.from(system));
            }
        }
        for (String field : List.of("messages", "input")) {
            JsonNode turns = request.path(field);
            if (turns.isString()) {
                add(messages, "user", turns.asString());
            }
            for (JsonNode message : turns) {
                if (message.has("role")) {
                    add(messages, message.path("role").asString(""), text(message.path("content")));
                }
            }
        }
        JsonNode prompt = request.path("prompt");
        if (prompt.isString() || prompt.isArray()) {
            add(messages, "user", prompt.isString() ? prompt.asString() : text(prompt));
        }
        if (messages.stream().noneMatch(UserMessage.class::isInstance)) {
            messages.add(UserMessage.from(" "));
        }
        return messages;
    }

    private static void add(List<ChatMessage> messages, String role, String text) {
        String said = text.isEmpty() ? " " : text;
        switch (role) {
            case "system", "developer" -> messages.add(SystemMessage.from(said));
            case "assistant" -> messages.add(AiMessage.from(said));
            default -> messages.add(UserMessage.from(said));
        }
    }

    /** A content that is a string or a list of parts (or of strings), of which the text counts. */
    private static String text(JsonNode content) {
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (part.isString()) {
                text.append(part.asString());
            } else if (part.path("text").isString()) {
                text.append(part.path("text").asString());
            }
        }
        return text.toString();
    }

    /** Writes the demo model's answer, as it arrives, into the body of the answer in one wire format. */
    abstract static class Writer implements StreamingChatResponseHandler {

        final String model;
        final QueueInputStream body;
        final boolean stream;
        final StringBuilder answer = new StringBuilder();

        Writer(String model, QueueInputStream body, boolean stream) {
            this.model = model;
            this.body = body;
            this.stream = stream;
        }

        void event(String name, JsonNode data) {
            body.write(((name == null ? "" : "event: " + name + "\n") + "data: " + WireFormat.JSON.writeValueAsString(data)
                    + "\n\n").getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void onError(Throwable error) {
            body.end();
        }

        /** The answer's usage, as Anthropic counts it (zero when the model reported none). */
        static TokenCounts usage(ChatResponse response) {
            return ResponseTokens.of(response).orElseGet(() -> TokenCounts.of(0, 0));
        }

        static boolean cutOff(ChatResponse response) {
            return response.finishReason() == FinishReason.LENGTH;
        }

        static ObjectNode object() {
            return WireFormat.JSON.createObjectNode();
        }
    }

    /** Chat completions, or legacy completions ({@code text_completion}: each choice's {@code text}, no message). */
    private static final class OpenAiWriter extends Writer {

        private final boolean usageChunk;
        private final long created;
        private final boolean legacy;
        private final String id;

        OpenAiWriter(String model, QueueInputStream body, boolean stream, boolean usageChunk, long created, boolean legacy,
                     String idTag) {
            super(model, body, stream);
            this.usageChunk = usageChunk;
            this.created = created;
            this.legacy = legacy;
            this.id = (legacy ? "cmpl-" : "chatcmpl-") + idTag + "-" + java.util.UUID.randomUUID();
        }

        private ObjectNode chunk() {
            return object().put("id", id).put("object", legacy ? "text_completion" : "chat.completion.chunk")
                    .put("created", created).put("model", model);
        }

        /** A choice whose text is {@code text}: in a delta (or, for legacy completions, as the choice's text). */
        private ObjectNode choice(ObjectNode chunk, String text) {
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
            if (legacy) {
                choice.put("text", text).putNull("logprobs");
            } else if (text == null) {
                choice.putObject("delta");
            } else {
                choice.putObject("delta").put("content", text);
            }
            return choice;
        }

        @Override
        public void onPartialResponse(String token) {
            if (!stream) {
                answer.append(token);
                return;
            }
            if (answer.isEmpty() && !legacy) {
                ObjectNode first = chunk();
                ObjectNode opening = first.putArray("choices").addObject().put("index", 0);
                opening.putObject("delta").put("role", "assistant").put("content", "");
                opening.putNull("finish_reason");
                event(null, first);
            }
            answer.append(token);
            ObjectNode chunk = chunk();
            choice(chunk, token).putNull("finish_reason");
            event(null, chunk);
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            String finish = cutOff(response) ? "length" : "stop";
            TokenCounts counts = usage(response);
            long prompt = counts.input() + counts.cachedInput() + counts.cacheWrite5m();
            ObjectNode usage = object().put("prompt_tokens", prompt).put("completion_tokens", counts.output())
                    .put("total_tokens", prompt + counts.output());
            ObjectNode details = usage.putObject("prompt_tokens_details").put("cached_tokens", counts.cachedInput());
            if (counts.cacheWrite5m() > 0) {
                details.put("cache_write_tokens", counts.cacheWrite5m());
            }
            usage.putObject("completion_tokens_details").put("reasoning_tokens", 0);
            if (stream) {
                ObjectNode last = chunk();
                choice(last, legacy ? "" : null).put("finish_reason", finish);
                event(null, last);
                if (usageChunk) {
                    ObjectNode usageOnly = chunk();
                    usageOnly.putArray("choices");
                    usageOnly.set("usage", usage);
                    event(null, usageOnly);
                }
                body.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            } else {
                ObjectNode completion = object().put("id", id).put("object", legacy ? "text_completion" : "chat.completion")
                        .put("created", created).put("model", model);
                if (legacy) {
                    choice(completion, answer.toString()).put("finish_reason", finish);
                } else {
                    ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
                    choice.putObject("message").put("role", "assistant").put("content", answer.toString()).putNull("refusal");
                    choice.putNull("logprobs");
                    choice.put("finish_reason", finish);
                }
                completion.set("usage", usage);
                body.write(WireFormat.JSON.writeValueAsBytes(completion));
            }
            body.end();
        }
    }

    private static final class AnthropicWriter extends Writer {

        private final String id;

        AnthropicWriter(String model, QueueInputStream body, boolean stream, String idTag) {
            super(model, body, stream);
            this.id = "msg_" + idTag + "_" + java.util.UUID.randomUUID().toString().replace("-", "");
        }

        private ObjectNode message(TokenCounts counts) {
            ObjectNode message = object().put("id", id).put("type", "message").put("role", "assistant").put("model", model);
            message.putArray("content");
            message.putNull("stop_reason");
            message.putNull("stop_sequence");
            usage(message.putObject("usage"), counts);
            return message;
        }

        private static ObjectNode usage(ObjectNode usage, TokenCounts counts) {
            return usage.put("input_tokens", counts.input()).put("cache_creation_input_tokens", counts.cacheWrite5m())
                    .put("cache_read_input_tokens", counts.cachedInput()).put("output_tokens", counts.output());
        }

        @Override
        public void onPartialResponse(String token) {
            if (stream && answer.isEmpty()) {
                // The demo counts its prompt only at the end; message_start carries a placeholder, message_delta the truth.
                ObjectNode start = object().put("type", "message_start");
                start.set("message", message(TokenCounts.of(0, 1)));
                event("message_start", start);
                ObjectNode block = object().put("type", "content_block_start").put("index", 0);
                block.putObject("content_block").put("type", "text").put("text", "");
                event("content_block_start", block);
            }
            answer.append(token);
            if (stream) {
                ObjectNode delta = object().put("type", "content_block_delta").put("index", 0);
                delta.putObject("delta").put("type", "text_delta").put("text", token);
                event("content_block_delta", delta);
            }
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            String stop = cutOff(response) ? "max_tokens" : "end_turn";
            TokenCounts counts = usage(response);
            if (stream) {
                event("content_block_stop", object().put("type", "content_block_stop").put("index", 0));
                ObjectNode delta = object().put("type", "message_delta");
                delta.putObject("delta").put("stop_reason", stop).putNull("stop_sequence");
                usage(delta.putObject("usage"), counts);
                event("message_delta", delta);
                event("message_stop", object().put("type", "message_stop"));
            } else {
                ObjectNode message = message(counts);
                ((ArrayNode) message.get("content")).addObject().put("type", "text").put("text", answer.toString());
                message.put("stop_reason", stop);
                body.write(WireFormat.JSON.writeValueAsBytes(message));
            }
            body.end();
        }
    }
}
