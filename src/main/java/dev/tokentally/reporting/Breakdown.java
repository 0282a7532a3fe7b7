package dev.tokentally.reporting;

import java.math.BigDecimal;

/** Requests, tokens and billed cost of one user, agent, model or bucket. */
public record Breakdown(String key, long requests, long totalTokens, BigDecimal cost) {
}
