package dev.tokentally.usage;

import java.math.BigDecimal;

/**
 * Events of one model priced by one price version that read from a prompt cache: their cache-read tokens, and their
 * cost in USD before markup and as billed (in the organization's currency).
 */
public record CachedInputCost(long modelId, long priceVersionId, long cachedInputTokens, BigDecimal rawCostUsd,
                              BigDecimal billedCost) {
}
