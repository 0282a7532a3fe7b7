package dev.tokentally.usage;

import java.math.BigDecimal;

/**
 * What the gateway's response cache did for a filter's events: the gateway calls, those answered from the cache, and
 * the money those hits saved (what the calls whose answers they reused cost), in the events' currency.
 */
public record ResponseCacheTotals(long gatewayCalls, long hits, BigDecimal saved) {
}
