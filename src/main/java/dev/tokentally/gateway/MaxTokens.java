package dev.tokentally.gateway;

import tools.jackson.databind.JsonNode;

/** The output limit a call asks for: {@code max_completion_tokens} or {@code max_tokens}; null when it sets none. */
final class MaxTokens {

    private MaxTokens() {
    }

    static Integer requested(JsonNode request) {
        for (String field : CallFields.OUTPUT_LIMITS) {
            JsonNode value = request.path(field);
            if (value.isIntegralNumber() && value.asLong() > 0) {
                return (int) Math.min(Integer.MAX_VALUE, value.asLong());
            }
        }
        return null;
    }
}
