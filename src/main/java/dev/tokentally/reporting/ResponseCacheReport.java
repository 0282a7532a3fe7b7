package dev.tokentally.reporting;

import java.math.BigDecimal;
import java.math.RoundingMode;

import dev.tokentally.base.Money;

/**
 * What the gateway's response cache did over a period: the gateway calls, those answered from the cache (at no cost)
 * and the money those answers saved, as the calls they reused were billed.
 */
public record ResponseCacheReport(long gatewayCalls, long hits, Money saved) {

    /** Hits as a percentage of the gateway calls, two decimals; null when there was no gateway call. */
    public BigDecimal hitRatePercent() {
        return gatewayCalls == 0 ? null : BigDecimal.valueOf(hits).movePointRight(2)
                .divide(BigDecimal.valueOf(gatewayCalls), 2, RoundingMode.HALF_UP);
    }
}
