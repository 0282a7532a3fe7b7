package dev.tokentally.requests;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Logged calls as OTLP/HTTP JSON spans under OpenTelemetry's GenAI semantic conventions: one client span
 * "chat {model}" per call, with the provider, the model, the token counts, and Tokentally's cost and organization.
 */
final class OtlpSpans {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int CLIENT = 3;
    private static final int STATUS_OK = 1;
    private static final int STATUS_ERROR = 2;

    private OtlpSpans() {
    }

    static String json(List<LoggedRequest> batch) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode resourceSpans = root.putArray("resourceSpans").addObject();
        string(resourceSpans.putObject("resource").putArray("attributes"), "service.name", "tokentally");
        ObjectNode scopeSpans = resourceSpans.putArray("scopeSpans").addObject();
        scopeSpans.putObject("scope").put("name", "dev.tokentally.requests");
        ArrayNode spans = scopeSpans.putArray("spans");
        batch.forEach(call -> span(spans.addObject(), call));
        return JSON.writeValueAsString(root);
    }

    private static void span(ObjectNode span, LoggedRequest call) {
        long start = call.occurredAt().getEpochSecond() * 1_000_000_000L + call.occurredAt().getNano();
        span.put("traceId", randomHex(16)).put("spanId", randomHex(8)).put("name", "chat " + call.route().model())
                .put("kind", CLIENT).put("startTimeUnixNano", Long.toString(start))
                .put("endTimeUnixNano", Long.toString(start + call.timing().latencyMs() * 1_000_000L));
        ArrayNode attributes = span.putArray("attributes");
        string(attributes, "gen_ai.operation.name", "chat");
        string(attributes, "gen_ai.system", call.route().connection());
        string(attributes, "gen_ai.provider.name", call.route().connection());
        string(attributes, "gen_ai.request.model", call.route().model());
        string(attributes, "gen_ai.response.model", call.route().model());
        integer(attributes, "gen_ai.usage.input_tokens", call.tokens().input());
        integer(attributes, "gen_ai.usage.output_tokens", call.tokens().output());
        integer(attributes, "http.response.status_code", call.outcome().status());
        integer(attributes, "tokentally.organization", call.organizationId());
        string(attributes, "tokentally.endpoint", call.route().endpoint());
        if (call.billing().cost() != null) {
            attributes.addObject().put("key", "tokentally.cost").putObject("value")
                    .put("doubleValue", call.billing().cost().doubleValue());
            string(attributes, "tokentally.currency", call.billing().currency());
        }
        ObjectNode status = span.putObject("status").put("code", call.outcome().failed() ? STATUS_ERROR : STATUS_OK);
        if (call.outcome().errorCode() != null) {
            string(attributes, "error.type", call.outcome().errorCode());
            status.put("message", call.outcome().errorMessage() == null ? call.outcome().errorCode() : call.outcome().errorMessage());
        }
    }

    private static void string(ArrayNode attributes, String key, String value) {
        if (value != null) {
            attributes.addObject().put("key", key).putObject("value").put("stringValue", value);
        }
    }

    /** OTLP's JSON writes 64-bit integers as strings. */
    private static void integer(ArrayNode attributes, String key, long value) {
        attributes.addObject().put("key", key).putObject("value").put("intValue", Long.toString(value));
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
