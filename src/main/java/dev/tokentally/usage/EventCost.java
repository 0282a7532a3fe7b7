package dev.tokentally.usage;

import java.math.BigDecimal;

/**
 * What an event cost: the provider's price in USD and the organization's bill in its currency, with the price version
 * they came from. Costs and version are null when the event is unpriced. A call answered from the gateway's response
 * cache is a {@code cacheHit} at zero cost; {@code saved} is what it would have cost, in the event's currency (null: not
 * a hit, or the cached answer was unpriced).
 */
public record EventCost(BigDecimal rawCostUsd, BigDecimal billedCost, String billedCurrency, Long priceVersionId,
                        boolean cacheHit, BigDecimal saved) {

    public EventCost(BigDecimal rawCostUsd, BigDecimal billedCost, String billedCurrency, Long priceVersionId) {
        this(rawCostUsd, billedCost, billedCurrency, priceVersionId, false, null);
    }

    /** The same cost, as a cache hit that saved {@code savedAmount}. */
    public EventCost asCacheHit(BigDecimal savedAmount) {
        return new EventCost(rawCostUsd, billedCost, billedCurrency, priceVersionId, true, savedAmount);
    }
}
