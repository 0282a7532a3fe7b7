package dev.tokentally.usage;

import java.time.Instant;
import java.time.LocalDate;

import dev.tokentally.base.Money;

/** Usage of an organization (or one member) over days {@code from}..{@code to}, as the rollups hold it. */
public record UsageSummary(LocalDate from, LocalDate to, long requests, long inputTokens, long outputTokens,
                           long totalTokens, Money cost, long unpricedEvents, Instant updatedAt) {
}
