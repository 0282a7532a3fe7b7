package dev.tokentally.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One version of a model's price: the base sheet, a per-request fee, and optionally a long-context
 * tier whose sheet applies to the whole request once its input tokens (cache reads and writes
 * included) exceed the threshold.
 */
public record PriceVersion(Long id, Instant effectiveFrom, PriceSheet base, BigDecimal perRequest,
                           Long longContextThreshold, PriceSheet longContext) {

    public PriceVersion {
        Objects.requireNonNull(base, "base prices");
        perRequest = perRequest == null ? BigDecimal.ZERO : perRequest;
        if ((longContextThreshold == null) != (longContext == null)) {
            throw new IllegalArgumentException("A long-context tier needs both a threshold and prices");
        }
    }

    /** The sheet that prices a request with this many input tokens. */
    public PriceSheet sheetFor(long totalInputTokens) {
        if (longContextThreshold != null && totalInputTokens > longContextThreshold) {
            return longContext.over(base);
        }
        return base;
    }
}
