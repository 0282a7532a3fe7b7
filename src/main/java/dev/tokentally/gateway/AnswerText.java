package dev.tokentally.gateway;

import tools.jackson.databind.JsonNode;

/**
 * The text a whole (non-streamed) answer generated, in any of the gateway's wire formats: what is counted when the provider's
 * answer has no usage block, for an estimate rather than zero output.
 */
final class AnswerText {

    private AnswerText() {
    }

    static String of(JsonNode answer) {
        StringBuilder text = new StringBuilder();
        for (JsonNode choice : answer.path("choices")) {
            JsonNode message = choice.path("message");
            append(text, message.path("content"));
            append(text, message.path("reasoning"));
            append(text, choice.path("text"));
            for (JsonNode call : message.path("tool_calls")) {
                append(text, call.path("function").path("arguments"));
            }
        }
        // The Responses API's output items: messages of text parts, reasoning summaries, function calls' arguments.
        for (JsonNode item : answer.path("output")) {
            for (JsonNode part : item.path("content")) {
                append(text, part.path("text"));
            }
            for (JsonNode part : item.path("summary")) {
                append(text, part.path("text"));
            }
            append(text, item.path("arguments"));
        }
        for (JsonNode block : answer.path("content")) {
            append(text, block.path("text"));
            append(text, block.path("thinking"));
            if (block.path("input").isObject()) {
                text.append(block.path("input"));
            }
        }
        return text.toString();
    }

    private static void append(StringBuilder text, JsonNode value) {
        if (value.isString()) {
            text.append(value.asString());
        }
    }
}
