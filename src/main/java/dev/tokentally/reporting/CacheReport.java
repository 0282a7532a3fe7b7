package dev.tokentally.reporting;

import java.math.BigDecimal;
import java.math.RoundingMode;

import dev.tokentally.base.Money;

/**
 * How much prompt caching did over a period: input tokens sent (cache reads and writes included, whatever the
 * provider's counting), those read from a provider's prompt cache, and the money that saved against paying the full
 * input price for them (as billed: markup and exchange rate included; events without a price are left out).
 */
public record CacheReport(long promptTokens, long cachedInputTokens, Money saved) {

    /** Cache reads as a percentage of the input, two decimals; null when there was no input. */
    public BigDecimal hitRatePercent() {
        return promptTokens == 0 ? null : BigDecimal.valueOf(cachedInputTokens).movePointRight(2)
                .divide(BigDecimal.valueOf(promptTokens), 2, RoundingMode.HALF_UP);
    }
}
