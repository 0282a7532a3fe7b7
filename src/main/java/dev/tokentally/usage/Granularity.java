package dev.tokentally.usage;

/** Bucket sizes of a time series; weeks start on Monday. */
public enum Granularity {
    DAY, WEEK, MONTH
}
