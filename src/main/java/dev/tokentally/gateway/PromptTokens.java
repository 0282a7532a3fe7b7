package dev.tokentally.gateway;

import java.util.Map;
import java.util.Set;

import dev.tokentally.models.Tokenizer;
import tools.jackson.databind.JsonNode;

/**
 * Counts a call's prompt before it is sent, for the budget reservation: the text of its messages, system prompt,
 * tools and embedding input, with the chat format's framing per message. Images, audio and files are not text
 * and are not counted; their price is known only from the provider's usage.
 */
final class PromptTokens {

    private static final Set<String> PROMPT_FIELDS = Set.of("messages", "system", "tools", "functions", "input", "prompt");
    private static final Set<String> NOT_TEXT = Set.of("image_url", "source", "input_audio", "file", "data", "url",
            "cache_control", "type", "role");

    private PromptTokens() {
    }

    static long count(JsonNode request, Tokenizer tokenizer) {
        long total = Tokenizer.PER_ANSWER;
        for (Map.Entry<String, JsonNode> field : request.properties()) {
            if (PROMPT_FIELDS.contains(field.getKey())) {
                total += text(field.getValue(), tokenizer);
            }
        }
        total += (long) Tokenizer.PER_MESSAGE * request.path("messages").size();
        return total;
    }

    private static long text(JsonNode node, Tokenizer tokenizer) {
        if (node.isString()) {
            return tokenizer.count(node.asString());
        }
        if (node.isNumber()) {
            // An embedding input given as token ids: one token each.
            return 1;
        }
        long total = 0;
        if (node.isArray()) {
            for (JsonNode item : node) {
                total += text(item, tokenizer);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!NOT_TEXT.contains(field.getKey())) {
                    total += text(field.getValue(), tokenizer);
                }
            }
        }
        return total;
    }
}
