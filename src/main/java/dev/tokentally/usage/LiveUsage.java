package dev.tokentally.usage;

import java.time.Instant;
import java.time.LocalDate;

import dev.tokentally.base.Money;

/** An organization's usage of today, in its time zone, as the rollups hold it at {@code updatedAt}. */
public record LiveUsage(LocalDate date, long requests, long inputTokens, long outputTokens, long totalTokens,
                        Money cost, long unpricedEvents, Instant updatedAt) {
}
