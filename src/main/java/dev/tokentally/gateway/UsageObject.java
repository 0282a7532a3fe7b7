package dev.tokentally.gateway;

import java.math.BigDecimal;

import dev.tokentally.pricing.TokenCounts;
import tools.jackson.databind.JsonNode;

/**
 * A provider's {@code usage} object as the ledger records it, in the provider's own counting: OpenAI's
 * cached and reasoning tokens inside the prompt and completion counts (the input and output counts in its Responses
 * API), Anthropic's cache reads and writes beside the input.
 */
final class UsageObject {

    private UsageObject() {
    }

    static TokenCounts openAi(JsonNode usage) {
        JsonNode prompt = usage.path("prompt_tokens_details");
        return new TokenCounts(count(usage, "prompt_tokens"), count(prompt, "cached_tokens"), count(prompt, "cache_write_tokens"),
                0, count(usage, "completion_tokens"), count(usage.path("completion_tokens_details"), "reasoning_tokens"), 1);
    }

    /** The Responses API's usage: {@code input_tokens} includes its cached tokens, {@code output_tokens} its reasoning. */
    static TokenCounts responses(JsonNode usage) {
        return new TokenCounts(count(usage, "input_tokens"), count(usage.path("input_tokens_details"), "cached_tokens"), 0, 0,
                count(usage, "output_tokens"), count(usage.path("output_tokens_details"), "reasoning_tokens"), 1);
    }

    /** The usage of an answer from this endpoint. */
    static TokenCounts of(Endpoint endpoint, JsonNode usage) {
        return switch (endpoint) {
            case MESSAGES -> anthropic(usage);
            case RESPONSES -> responses(usage);
            default -> openAi(usage);
        };
    }

    static TokenCounts anthropic(JsonNode usage) {
        JsonNode creation = usage.path("cache_creation");
        long fiveMinutes = creation.isObject() ? count(creation, "ephemeral_5m_input_tokens")
                : count(usage, "cache_creation_input_tokens");
        return new TokenCounts(count(usage, "input_tokens"), count(usage, "cache_read_input_tokens"), fiveMinutes,
                count(creation, "ephemeral_1h_input_tokens"), count(usage, "output_tokens"), 0, 1);
    }

    /** OpenRouter's own figure of what the call cost, in USD; null from providers that give none. */
    static BigDecimal reportedCost(JsonNode usage) {
        JsonNode cost = usage.path("cost");
        return cost.isNumber() ? cost.decimalValue() : null;
    }

    private static long count(JsonNode node, String field) {
        return Math.max(0, node.path(field).asLong(0));
    }
}
