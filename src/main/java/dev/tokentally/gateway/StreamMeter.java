package dev.tokentally.gateway;

import java.math.BigDecimal;

import dev.tokentally.pricing.TokenCounts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Watches a streamed answer event by event: the response id, the usage the provider reports and the text
 * generated so far (to estimate the output when the stream ends without usage), and whether the client
 * sees each event.
 */
abstract class StreamMeter {

    String id;
    /** The model the provider says answered. */
    String model;
    TokenCounts reported;
    BigDecimal providerCost;
    final StringBuilder text = new StringBuilder();

    static StreamMeter of(Endpoint endpoint, boolean clientAskedForUsage) {
        return switch (endpoint) {
            case MESSAGES -> new Anthropic();
            case RESPONSES -> new Responses();
            default -> new OpenAi(clientAskedForUsage);
        };
    }

    /** The event that tells the client its stream is cut off, in the stream's own wire format. */
    String errorEvent(String message) {
        return "data: " + WireFormat.OPENAI.errorBody(GatewayException.Kind.TIMEOUT, message) + "\n\n";
    }

    /** @param data the event's {@code data:} payload; @return whether the client is sent the event */
    boolean onEvent(String data) {
        if (data == null || data.isEmpty() || data.charAt(0) != '{') {
            return true;
        }
        JsonNode event;
        try {
            event = WireFormat.JSON.readTree(data);
        } catch (RuntimeException notJson) {
            return true;
        }
        return onEvent(event);
    }

    abstract boolean onEvent(JsonNode event);

    /** The usage to record: as reported, else the prompt as counted and the text so far, for an estimate. */
    TokenCounts usageOr(long promptTokens, int outputTokensSoFar) {
        return reported != null ? reported : TokenCounts.of(promptTokens, outputTokensSoFar);
    }

    /**
     * OpenAI chunks: the id on each, text in {@code choices[].delta.content} (legacy completions: {@code choices[].text}),
     * usage in the last, choice-less chunk.
     */
    static final class OpenAi extends StreamMeter {

        private final boolean clientAskedForUsage;

        OpenAi(boolean clientAskedForUsage) {
            this.clientAskedForUsage = clientAskedForUsage;
        }

        @Override
        boolean onEvent(JsonNode chunk) {
            if (id == null && chunk.hasNonNull("id")) {
                id = chunk.get("id").asString();
            }
            if (model == null && chunk.path("model").isString()) {
                model = chunk.get("model").asString();
            }
            for (JsonNode choice : chunk.path("choices")) {
                JsonNode delta = choice.path("delta");
                append(choice.path("text"));
                append(delta.path("content"));
                append(delta.path("reasoning"));
                for (JsonNode call : delta.path("tool_calls")) {
                    append(call.path("function").path("arguments"));
                }
            }
            JsonNode usage = chunk.path("usage");
            if (usage.isObject()) {
                reported = UsageObject.openAi(usage);
                providerCost = UsageObject.reportedCost(usage);
                // The usage chunk was asked for by the gateway, not the client: it has no choices and is not shown.
                return clientAskedForUsage || !chunk.path("choices").isEmpty();
            }
            return true;
        }
    }

    /**
     * OpenAI Responses events: the id and model in {@code response.created}, text in the {@code .delta} events, usage in
     * the response that {@code response.completed} (or {@code response.incomplete}, {@code response.failed}) ends with.
     */
    static final class Responses extends StreamMeter {

        private static final java.util.Set<String> TEXT_DELTAS = java.util.Set.of("response.output_text.delta",
                "response.refusal.delta", "response.function_call_arguments.delta", "response.reasoning_summary_text.delta",
                "response.reasoning_text.delta");

        @Override
        boolean onEvent(JsonNode event) {
            String type = event.path("type").asString("");
            if (TEXT_DELTAS.contains(type)) {
                append(event.path("delta"));
                return true;
            }
            JsonNode response = event.path("response");
            if (response.isObject()) {
                if (id == null) {
                    id = response.path("id").asString(null);
                }
                if (model == null) {
                    model = response.path("model").asString(null);
                }
                if (response.path("usage").isObject()) {
                    reported = UsageObject.responses(response.path("usage"));
                }
            }
            return true;
        }

        @Override
        String errorEvent(String message) {
            ObjectNode error = WireFormat.JSON.createObjectNode().put("type", "error").put("code", "timeout")
                    .put("message", message).putNull("param");
            return "event: error\ndata: " + WireFormat.JSON.writeValueAsString(error) + "\n\n";
        }
    }

    /** Anthropic events: id and input counts in message_start, the final output count in message_delta. */
    static final class Anthropic extends StreamMeter {

        private JsonNode startUsage;

        @Override
        boolean onEvent(JsonNode event) {
            switch (event.path("type").asString("")) {
                case "message_start" -> {
                    JsonNode message = event.path("message");
                    id = message.path("id").asString(null);
                    model = message.path("model").asString(null);
                    startUsage = message.path("usage");
                }
                case "content_block_delta" -> {
                    JsonNode delta = event.path("delta");
                    append(delta.path("text"));
                    append(delta.path("thinking"));
                    append(delta.path("partial_json"));
                }
                case "message_delta" -> {
                    JsonNode usage = event.path("usage");
                    if (usage.isObject()) {
                        reported = merged(usage);
                    }
                }
                default -> {
                }
            }
            return true;
        }

        @Override
        TokenCounts usageOr(long promptTokens, int outputTokensSoFar) {
            if (reported != null || startUsage == null || !startUsage.isObject()) {
                return super.usageOr(promptTokens, outputTokensSoFar);
            }
            // Cut off before message_delta: the provider's input counts from message_start, the output as counted.
            TokenCounts start = UsageObject.anthropic(startUsage);
            return new TokenCounts(start.input(), start.cachedInput(), start.cacheWrite5m(), start.cacheWrite1h(),
                    Math.max(start.output(), outputTokensSoFar), 0, 1);
        }

        @Override
        String errorEvent(String message) {
            return "event: error\ndata: " + WireFormat.ANTHROPIC.errorBody(GatewayException.Kind.TIMEOUT, message) + "\n\n";
        }

        /** message_delta's counts are cumulative; input and cache counts come from message_start unless repeated. */
        private TokenCounts merged(JsonNode delta) {
            TokenCounts start = startUsage == null ? TokenCounts.of(0, 0) : UsageObject.anthropic(startUsage);
            TokenCounts end = UsageObject.anthropic(delta);
            return new TokenCounts(Math.max(start.input(), end.input()), Math.max(start.cachedInput(), end.cachedInput()),
                    Math.max(start.cacheWrite5m(), end.cacheWrite5m()), Math.max(start.cacheWrite1h(), end.cacheWrite1h()),
                    end.output(), 0, 1);
        }
    }

    void append(JsonNode value) {
        if (value.isString()) {
            text.append(value.asString());
        }
    }
}
