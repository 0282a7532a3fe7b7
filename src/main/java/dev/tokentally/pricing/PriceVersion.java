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

    /** Same prices part by part (scale ignored), whatever the id and start. */
    public boolean samePricesAs(PriceVersion other) {
        return same(perRequest, other.perRequest) && Objects.equals(longContextThreshold, other.longContextThreshold)
                && base.samePricesAs(other.base)
                && (longContext == null ? other.longContext == null : other.longContext != null && longContext.samePricesAs(other.longContext));
    }

    static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    /** The prices in one line, for the audit log and the import preview. */
    public String describe() {
        String text = base.describe();
        if (perRequest.signum() > 0) {
            text += ", per request " + perRequest.toPlainString();
        }
        if (longContext != null) {
            text += "; above " + longContextThreshold + " input tokens: " + longContext.describe();
        }
        return text;
    }
}
