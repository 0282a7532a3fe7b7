package dev.tokentally.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads LiteLLM's model price map: one object per model, prices in USD per token. Chat models are
 * taken (others are counted as skipped); unknown keys are ignored; prices become USD per 1M tokens.
 */
final class LiteLlmFormat {

    /** LiteLLM provider names to ours. Unlisted names become providers of their own. */
    private static final Map<String, String> PROVIDERS = Map.of(
            "vertex_ai-language-models", "google",
            "vertex_ai-embedding-models", "google",
            "gemini", "google",
            "text-completion-openai", "openai");

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    record Result(List<ImportedModel> models, int skipped) {
    }

    private LiteLlmFormat() {
    }

    static Result parse(byte[] content) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JacksonException notJson) {
            throw new ImportFormatException(List.of("Not a JSON file: " + notJson.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new ImportFormatException(List.of("Not a LiteLLM price map: expected one JSON object of models"));
        }
        List<ImportedModel> models = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int skipped = 0;
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            JsonNode model = entry.getValue();
            if (!model.isObject() || !"chat".equals(text(model, "mode")) || text(model, "litellm_provider") == null) {
                skipped++;
                continue;
            }
            Prices prices = new Prices(entry.getKey(), model, problems);
            PriceVersion price = prices.version();
            if (price != null) {
                String provider = PROVIDERS.getOrDefault(text(model, "litellm_provider"), text(model, "litellm_provider"));
                models.add(new ImportedModel(provider, entry.getKey(), entry.getKey(), "chat",
                        integer(model, "max_input_tokens"), integer(model, "max_output_tokens"), price));
            }
        }
        if (!problems.isEmpty()) {
            throw new ImportFormatException(problems);
        }
        if (models.isEmpty()) {
            throw new ImportFormatException(List.of("Not a LiteLLM price map: no chat model with prices found"));
        }
        return new Result(models, skipped);
    }

    /**
     * The map's embedding models with a price per input token (an embedding has no output tokens), for the
     * gateway's {@code /v1/embeddings}; entries that price only images, audio or characters are left out.
     */
    static List<ImportedModel> embeddings(byte[] content) {
        List<ImportedModel> models = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : JSON.readTree(content).properties()) {
            JsonNode model = entry.getValue();
            JsonNode input = model.path("input_cost_per_token");
            if (!"embedding".equals(text(model, "mode")) || text(model, "litellm_provider") == null || !input.isNumber()
                    || input.decimalValue().signum() <= 0) {
                continue;
            }
            PriceSheet sheet = new PriceSheet(input.decimalValue().movePointRight(6).stripTrailingZeros(), null, null, null,
                    BigDecimal.ZERO, null);
            String provider = PROVIDERS.getOrDefault(text(model, "litellm_provider"), text(model, "litellm_provider"));
            models.add(new ImportedModel(provider, entry.getKey(), entry.getKey(), "embedding",
                    integer(model, "max_input_tokens"), null, new PriceVersion(null, null, sheet, BigDecimal.ZERO, null, null)));
        }
        return models;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isNumber() && value.canConvertToInt() && value.intValue() > 0 ? value.intValue() : null;
    }

    /** The per-token prices of one model, converted to per 1M tokens; problems are collected, not thrown. */
    private record Prices(String model, JsonNode node, List<String> problems) {

        PriceVersion version() {
            BigDecimal input = perMillion("input_cost_per_token");
            BigDecimal output = perMillion("output_cost_per_token");
            if (input == null || output == null) {
                if (node.get("input_cost_per_token") == null || node.get("output_cost_per_token") == null) {
                    problems.add(model + ": input_cost_per_token and output_cost_per_token are required");
                }
                return null;
            }
            PriceSheet base = new PriceSheet(input, perMillion("cache_read_input_token_cost"),
                    perMillion("cache_creation_input_token_cost"), perMillion("cache_creation_input_token_cost_above_1hr"),
                    output, perMillion("output_cost_per_reasoning_token"));
            for (String tier : List.of("200k", "272k")) {
                BigDecimal longInput = perMillion("input_cost_per_token_above_" + tier + "_tokens");
                if (longInput != null) {
                    String suffix = "_above_" + tier + "_tokens";
                    PriceSheet longContext = new PriceSheet(longInput, perMillion("cache_read_input_token_cost" + suffix),
                            perMillion("cache_creation_input_token_cost" + suffix),
                            perMillion("cache_creation_input_token_cost_above_1hr" + suffix),
                            orElse(perMillion("output_cost_per_token" + suffix), output),
                            perMillion("output_cost_per_reasoning_token" + suffix));
                    long threshold = Long.parseLong(tier.replace("k", "")) * 1000;
                    return new PriceVersion(null, null, base, BigDecimal.ZERO, threshold, longContext);
                }
            }
            return new PriceVersion(null, null, base, BigDecimal.ZERO, null, null);
        }

        private BigDecimal perMillion(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isNumber()) {
                problems.add(model + ": " + field + ": '" + value.asString() + "' is not a number");
                return null;
            }
            BigDecimal perToken = value.decimalValue();
            if (perToken.signum() < 0) {
                problems.add(model + ": " + field + ": a price cannot be negative");
                return null;
            }
            return perToken.movePointRight(6).stripTrailingZeros();
        }

        private static BigDecimal orElse(BigDecimal value, BigDecimal fallback) {
            return value != null ? value : fallback;
        }
    }
}
