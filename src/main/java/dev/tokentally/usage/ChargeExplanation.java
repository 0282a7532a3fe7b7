package dev.tokentally.usage;

import java.math.BigDecimal;
import java.math.MathContext;

import dev.tokentally.pricing.CostBreakdown;

/**
 * How one ledger event's charge came about: each token part × its unit price under the price version
 * that applied (USD), the organization's markup, the exchange rate of the day, and the billed amount
 * the ledger holds. {@code breakdown} is unpriced when the event is.
 */
public record ChargeExplanation(UsageEvent event, CostBreakdown breakdown, BigDecimal markupPercent,
                                BigDecimal unitsPerUsd, String currency) {

    /** USD cost with markup applied. */
    public BigDecimal markedUpUsd() {
        return event.cost().rawCostUsd().multiply(BigDecimal.ONE.add(markupPercent.movePointLeft(2)));
    }

    /**
     * The share still paid after volume discounts, as the ledger's billed amount implies it: 1 when no
     * tier applied.
     */
    public BigDecimal payableShare() {
        BigDecimal converted = markedUpUsd().multiply(unitsPerUsd);
        return converted.signum() == 0 ? BigDecimal.ONE : event.cost().billedCost().divide(converted, MathContext.DECIMAL64);
    }
}
