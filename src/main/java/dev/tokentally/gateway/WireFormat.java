package dev.tokentally.gateway;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The two wire formats the gateway speaks, and how each shapes an error. */
enum WireFormat {
    OPENAI, ANTHROPIC;

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** {@code {"error":{"message","type","param","code"}}} for OpenAI, {@code {"type":"error","error":{"type","message","code"}}} for Anthropic (the code only where Tokentally has one). */
    String errorBody(GatewayException.Kind kind, String message) {
        ObjectNode body = JSON.createObjectNode();
        if (this == ANTHROPIC) {
            body.put("type", "error");
            ObjectNode error = body.putObject("error").put("type", kind.anthropicType).put("message", message);
            if (kind.openAiCode != null) {
                error.put("code", kind.openAiCode); // Tokentally's reason (budget_exceeded, balance_exhausted); clients ignore it
            }
        } else {
            ObjectNode error = body.putObject("error");
            error.put("message", message).put("type", kind.openAiType).putNull("param");
            if (kind.openAiCode == null) {
                error.putNull("code");
            } else {
                error.put("code", kind.openAiCode);
            }
        }
        return JSON.writeValueAsString(body);
    }
}
