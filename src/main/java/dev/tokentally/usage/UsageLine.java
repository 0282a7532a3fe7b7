package dev.tokentally.usage;

import java.math.BigDecimal;

/**
 * A team's usage of one model by one member over a period, as the rollups hold it: the billed cost exact (not
 * rounded), and how many of its events have no price yet (their cost is not in it).
 */
public record UsageLine(String model, String member, long requests, long totalTokens, BigDecimal cost, long unpricedEvents) {
}
