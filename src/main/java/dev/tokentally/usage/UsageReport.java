package dev.tokentally.usage;

import java.math.BigDecimal;
import java.time.Instant;

import dev.tokentally.pricing.TokenUsage;

/**
 * One billable call as a source reports it; token counts follow the named provider's own semantics.
 * {@code userId} is a Tokentally user, {@code externalUser} a caller's own user id (either may be empty).
 */
public record UsageReport(String idempotencyKey, String provider, String model, TokenUsage tokens, Long userId,
                          String externalUser, String agent, String session, String message, Instant occurredAt,
                          BigDecimal providerCostUsd, String metadataJson, boolean estimated, UsageSource source) {
}
