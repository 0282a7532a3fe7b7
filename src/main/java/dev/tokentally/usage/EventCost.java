package dev.tokentally.usage;

import java.math.BigDecimal;

/**
 * What an event cost: the provider's price in USD and the organization's bill in its currency, with the price version
 * they came from. Costs and version are null when the event is unpriced.
 */
public record EventCost(BigDecimal rawCostUsd, BigDecimal billedCost, String billedCurrency, Long priceVersionId) {
}
