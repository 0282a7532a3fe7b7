package dev.tokentally.usage;

import java.math.BigDecimal;

/**
 * Usage of one group of two dimensions at once (say team "Alpha" × model "openai/gpt-4o"), as the rollups hold it:
 * the billed cost exact, and how many of its events have no price yet.
 */
public record PairEntry(String first, String second, long requests, long totalTokens, BigDecimal cost,
                        long unpricedEvents) {
}
