package dev.tokentally.reporting.ui;

/**
 * What the dashboard's chart shows over time: from the ledger's rollups (cost, tokens, requests, split by a group)
 * or from the request log (calls that failed, latency percentiles of the answered ones).
 */
enum ChartMetric {
    COST("cost"),
    TOKENS("tokens"),
    REQUESTS("requests"),
    ERRORS("errors"),
    LATENCY("latency p50 / p95 / p99");

    final String label;

    ChartMetric(String label) {
        this.label = label;
    }

    /** Whether it is read from the request log rather than the ledger (and so cannot be split by a group). */
    boolean fromRequestLog() {
        return this == ERRORS || this == LATENCY;
    }
}
