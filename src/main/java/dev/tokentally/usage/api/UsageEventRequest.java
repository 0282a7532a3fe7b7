package dev.tokentally.usage.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.tokentally.base.CallTags;
import dev.tokentally.base.api.BoundedJson;
import dev.tokentally.base.api.FieldProblem;
import dev.tokentally.base.api.PlainText;
import dev.tokentally.pricing.TokenSemantics;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.node.ObjectNode;

/**
 * One call as another application reports it. Token counts follow the provider's own semantics (for OpenAI,
 * cached tokens are inside {@code input_tokens}); money is a decimal string.
 */
@Schema(description = "One billable model call")
record UsageEventRequest(
        @JsonProperty("idempotency_key") @Schema(description = "The provider's response id, or a key of yours; "
                + "the same key again is answered as a duplicate", example = "gen-123", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotBlank(message = "is required") @Size(max = 200, message = "must be at most {max} characters") @PlainText
        @Pattern(regexp = "\\s*+(?!" + UsageSource.GATEWAY_KEY_PREFIX + ")[\\s\\S]*",
                message = "must not start with '" + UsageSource.GATEWAY_KEY_PREFIX + "': those keys are the gateway's own")
        String idempotencyKey,
        @Schema(example = "openai", requiredMode = Schema.RequiredMode.REQUIRED, description = "Provider code; case and "
                + "surrounding spaces do not matter")
        @NotBlank(message = "is required") @Size(max = 100, message = "must be at most {max} characters") @PlainText
        String provider,
        @Schema(example = "gpt-4o-mini", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotBlank(message = "is required") @Size(max = 200, message = "must be at most {max} characters") @PlainText
        String model,
        @JsonUnwrapped @Valid ReportedTokens tokenCounts,
        @Schema(description = "Email of a member (attributed to them) or your own user id")
        @Size(max = 200, message = "must be at most {max} characters") @PlainText String user,
        @Size(max = 200, message = "must be at most {max} characters") @PlainText String agent,
        @Size(max = 200, message = "must be at most {max} characters") @PlainText String session,
        @Schema(description = "Slug or name of the organization's team to charge the call to, unless the key or agent "
                + "has a team; default the member's default team", example = "research")
        @Size(max = 100, message = "must be at most {max} characters") @PlainText String team,
        @JsonProperty("occurred_at") @Schema(description = "When the call happened, ISO-8601 UTC, from 2015-01-01 to 5 "
                + "minutes ahead; default now", example = "2026-11-23T10:00:00Z") Instant occurredAt,
        @JsonProperty("provider_cost_usd") @Schema(type = "string", example = "0.00031",
                description = "What the provider charged, a decimal string")
        @DecimalMin(value = "0", message = "must be 0 or more")
        @Digits(integer = 9, fraction = 12, message = "must be a decimal of at most {integer} digits before and "
                + "{fraction} after the point") BigDecimal providerCostUsd,
        // Described as a map: the documentation's model reader (Jackson 2) cannot read Jackson 3's ObjectNode.
        @Schema(implementation = java.util.Map.class, description = "Your own JSON object, kept with the event; at most "
                + MAX_METADATA_CHARS + " characters, nested at most " + MAX_METADATA_DEPTH + " deep")
        @BoundedJson(maxChars = MAX_METADATA_CHARS, maxDepth = MAX_METADATA_DEPTH) ObjectNode metadata,
        @Schema(example = "{\"project\": \"atlas\", \"env\": \"prod\"}", description = "Tags for reports and tag "
                + "budgets: at most 10, keys of letters, digits and _ . - (up to 64), values of those and : / @ + (up to 128)")
        Map<String, String> tags) {

    static final long MAX_TOKENS = 1_000_000_000L;
    static final int MAX_METADATA_CHARS = 4096;
    static final int MAX_METADATA_DEPTH = 5;
    static final Instant EARLIEST = Instant.parse("2015-01-01T00:00:00Z");
    static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    /** The provider code as the price catalog knows it: "OpenAI " is openai. */
    String providerCode() {
        return provider.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The call's token counts, flat in the JSON body beside the other fields. Each names the JSON field it comes from,
     * so validation messages name it too.
     */
    record ReportedTokens(
        @JsonProperty("input_tokens") @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull(message = "is required") @Min(value = 0, message = "must be 0 or more")
        @Max(value = MAX_TOKENS, message = "must be at most {value}") Long inputTokens,
        @JsonProperty("output_tokens") @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull(message = "is required") @Min(value = 0, message = "must be 0 or more")
        @Max(value = MAX_TOKENS, message = "must be at most {value}") Long outputTokens,
        @JsonProperty("cached_input_tokens") @Min(value = 0, message = "must be 0 or more")
        @Max(value = MAX_TOKENS, message = "must be at most {value}") Long cachedInputTokens,
        @JsonProperty("cache_write_tokens") @Min(value = 0, message = "must be 0 or more")
        @Max(value = MAX_TOKENS, message = "must be at most {value}") Long cacheWriteTokens,
        @JsonProperty("cache_write_1h_tokens") @Min(value = 0, message = "must be 0 or more")
        @Max(value = MAX_TOKENS, message = "must be at most {value}") Long cacheWrite1hTokens,
        @JsonProperty("reasoning_tokens") @Min(value = 0, message = "must be 0 or more")
        @Max(value = MAX_TOKENS, message = "must be at most {value}") Long reasoningTokens) {

        TokenCounts usage() {
            return new TokenCounts(inputTokens, count(cachedInputTokens), count(cacheWriteTokens), count(cacheWrite1hTokens),
                    outputTokens, count(reasoningTokens), 1);
        }
    }

    TokenCounts tokens() {
        return tokenCounts.usage();
    }

    /**
     * What the annotations cannot see: the time against the clock, and counts that contradict how the provider
     * counts (an OpenAI event with more cached tokens than input tokens has no meaning).
     */
    List<FieldProblem> problems(Instant now, String prefix) {
        List<FieldProblem> problems = new ArrayList<>();
        if (occurredAt != null && (occurredAt.isBefore(EARLIEST) || occurredAt.isAfter(now.plus(MAX_FUTURE)))) {
            problems.add(new FieldProblem(prefix + "occurred_at", occurredAt.isBefore(EARLIEST)
                    ? "must not be before " + EARLIEST : "must not be more than 5 minutes in the future"));
        }
        try {
            CallTags.of(tags);
        } catch (CallTags.InvalidTagsException invalid) {
            problems.add(new FieldProblem(prefix + "tags", invalid.getMessage()));
        }
        TokenSemantics semantics = TokenSemantics.ofProvider(providerCode());
        ReportedTokens counts = tokenCounts;
        long cached = count(counts.cachedInputTokens()) + count(counts.cacheWriteTokens()) + count(counts.cacheWrite1hTokens());
        if (semantics.cacheInsideInput() && cached > counts.inputTokens()) {
            problems.add(new FieldProblem(prefix + "cached_input_tokens", "cached and cache-write tokens (" + cached
                    + ") exceed input_tokens (" + counts.inputTokens() + "): " + providerCode()
                    + " counts them inside the input"));
        }
        if (semantics.reasoningInsideOutput() && count(counts.reasoningTokens()) > counts.outputTokens()) {
            problems.add(new FieldProblem(prefix + "reasoning_tokens", "exceed output_tokens (" + counts.outputTokens() + "): "
                    + providerCode() + " counts reasoning tokens inside the output"));
        }
        return problems;
    }

    /** The report for the recorder; {@code userId} set when {@code user} is a member's email, {@code teamId} for {@code team}. */
    ReportedCall report(Instant now, Long userId, Long teamId) {
        return new ReportedCall(idempotencyKey.trim(), providerCode(), model.trim(), tokens(), Attribution.of(userId,
                userId == null ? text(user) : null, text(agent), text(session)), null,
                occurredAt == null ? now : occurredAt, providerCostUsd, metadata == null ? null : metadata.toString(),
                false, UsageSource.API).withTeam(teamId).withTags(CallTags.of(tags));
    }

    String teamText() {
        return text(team);
    }

    String userText() {
        return text(user);
    }

    private static long count(Long tokens) {
        return tokens == null ? 0 : tokens;
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
