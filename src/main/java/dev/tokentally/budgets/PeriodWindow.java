package dev.tokentally.budgets;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

/** The days of a budget's current period, first and last inclusive, in the organization's time zone. */
public record PeriodWindow(LocalDate first, LocalDate last) {

    /** The period containing {@code today}; empty for a custom range that is not running today. */
    static Optional<PeriodWindow> of(Budget budget, LocalDate today) {
        return switch (budget.getPeriod()) {
            case DAILY -> Optional.of(new PeriodWindow(today, today));
            case WEEKLY -> Optional.of(new PeriodWindow(today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                    today.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY))));
            case MONTHLY -> Optional.of(new PeriodWindow(today.withDayOfMonth(1), today.with(TemporalAdjusters.lastDayOfMonth())));
            case CUSTOM -> today.isBefore(budget.getStartsOn()) || today.isAfter(budget.getEndsOn()) ? Optional.empty()
                    : Optional.of(new PeriodWindow(budget.getStartsOn(), budget.getEndsOn()));
        };
    }

    /** Days from {@code today} to the end, today included. */
    public long daysLeft(LocalDate today) {
        return ChronoUnit.DAYS.between(today, last) + 1;
    }
}
