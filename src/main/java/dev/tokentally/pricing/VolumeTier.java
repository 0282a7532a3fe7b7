package dev.tokentally.pricing;

import java.math.BigDecimal;

/** Tokens of a month beyond {@code thresholdTokens} get {@code discountPercent} off (graduated). */
public record VolumeTier(long thresholdTokens, BigDecimal discountPercent) {
}
