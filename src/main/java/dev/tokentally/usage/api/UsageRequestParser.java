package dev.tokentally.usage.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import dev.tokentally.pricing.TokenUsage;
import dev.tokentally.usage.UsageReport;
import dev.tokentally.usage.UsageSource;
import tools.jackson.databind.JsonNode;

/**
 * Reads one usage event of the ingest API, field by field, so that every problem is reported with the
 * field it belongs to (a string where a number belongs, a fraction, a count out of range…).
 */
final class UsageRequestParser {

    static final long MAX_TOKENS = 1_000_000_000L;
    static final Duration MAX_FUTURE = Duration.ofMinutes(5);
    private static final int MAX_METADATA_CHARS = 4096;

    /** Either a report or the problems that prevent one. {@code user} is resolved by the caller. */
    record Parsed(UsageReport report, String user, List<FieldProblem> problems) {
        boolean valid() {
            return problems.isEmpty();
        }
    }

    private final JsonNode node;
    private final String prefix;
    private final List<FieldProblem> problems = new ArrayList<>();

    private UsageRequestParser(JsonNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    /** @param prefix put before field names, such as {@code events[3].} in a batch */
    static Parsed parse(JsonNode node, String prefix, Instant now) {
        return new UsageRequestParser(node, prefix).parse(now);
    }

    private Parsed parse(Instant now) {
        if (node == null || !node.isObject()) {
            problems.add(new FieldProblem(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
                    "must be a JSON object"));
            return new Parsed(null, null, problems);
        }
        String key = text("idempotency_key", true, 200);
        String provider = text("provider", true, 100);
        String model = text("model", true, 200);
        long input = tokens("input_tokens", true);
        long output = tokens("output_tokens", true);
        long cached = tokens("cached_input_tokens", false);
        long cacheWrite = tokens("cache_write_tokens", false);
        long cacheWrite1h = tokens("cache_write_1h_tokens", false);
        long reasoning = tokens("reasoning_tokens", false);
        String user = text("user", false, 200);
        String agent = text("agent", false, 200);
        String session = text("session", false, 200);
        Instant occurredAt = occurredAt(now);
        BigDecimal providerCost = providerCost();
        String metadata = metadata();
        if (!problems.isEmpty()) {
            return new Parsed(null, null, problems);
        }
        UsageReport report = new UsageReport(key, provider, model,
                new TokenUsage(input, cached, cacheWrite, cacheWrite1h, output, reasoning, 1), null, null, agent, session,
                null, occurredAt, providerCost, metadata, false, UsageSource.API);
        return new Parsed(report, user, problems);
    }

    private void problem(String field, String message) {
        problems.add(new FieldProblem(prefix + field, message));
    }

    private String text(String field, boolean required, int maxLength) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problem(field, "is required");
            }
            return null;
        }
        if (!value.isString()) {
            problem(field, "must be a string");
            return null;
        }
        String text = value.asString().trim();
        if (text.isEmpty() && required) {
            problem(field, "must not be empty");
            return null;
        }
        if (text.length() > maxLength) {
            problem(field, "must be at most " + maxLength + " characters");
            return null;
        }
        return text.isEmpty() ? null : text;
    }

    private long tokens(String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problem(field, "is required");
            }
            return 0;
        }
        if (!value.isNumber()) {
            problem(field, "must be a number");
            return 0;
        }
        BigDecimal number = value.decimalValue();
        if (number.stripTrailingZeros().scale() > 0) {
            problem(field, "must be a whole number");
            return 0;
        }
        if (number.signum() < 0) {
            problem(field, "must be 0 or more");
            return 0;
        }
        if (number.compareTo(BigDecimal.valueOf(MAX_TOKENS)) > 0) {
            problem(field, "must be at most " + MAX_TOKENS);
            return 0;
        }
        return number.longValueExact();
    }

    private Instant occurredAt(Instant now) {
        JsonNode value = node.get("occurred_at");
        if (value == null || value.isNull()) {
            return now;
        }
        try {
            Instant at = Instant.parse(value.asString());
            if (at.isAfter(now.plus(MAX_FUTURE))) {
                problem("occurred_at", "must not be more than 5 minutes in the future");
            }
            return at;
        } catch (DateTimeParseException | UnsupportedOperationException notInstant) {
            problem("occurred_at", "must be an ISO-8601 UTC timestamp such as 2026-11-23T10:00:00Z");
            return null;
        }
    }

    private BigDecimal providerCost() {
        JsonNode value = node.get("provider_cost_usd");
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            BigDecimal cost = value.isNumber() ? value.decimalValue() : new BigDecimal(value.asString().trim());
            if (cost.signum() < 0) {
                problem("provider_cost_usd", "must be 0 or more");
            }
            return cost;
        } catch (NumberFormatException | UnsupportedOperationException notNumber) {
            problem("provider_cost_usd", "must be a decimal string such as \"0.00031\"");
            return null;
        }
    }

    private String metadata() {
        JsonNode value = node.get("metadata");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            problem("metadata", "must be a JSON object");
            return null;
        }
        String json = value.toString();
        if (json.length() > MAX_METADATA_CHARS) {
            problem("metadata", "must be at most " + MAX_METADATA_CHARS + " characters of JSON");
            return null;
        }
        return json;
    }
}
