package dev.tokentally.usage;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One bucket of a time series for one group ("all" when not grouped). */
public record SeriesPoint(LocalDate bucket, String key, long requests, long totalTokens, BigDecimal cost) {
}
