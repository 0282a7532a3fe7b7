package dev.tokentally.reporting;

import java.time.LocalDate;

/** Days {@code from}..{@code to}, both included, in the organization's time zone; at most a year. */
public record ReportPeriod(LocalDate from, LocalDate to) {

    public static final int MAX_DAYS = 366;

    public ReportPeriod {
        if (from == null || to == null) {
            throw new IllegalArgumentException("from and to are required dates (YYYY-MM-DD)");
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to must not be before from");
        }
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw new IllegalArgumentException("a report covers at most " + MAX_DAYS + " days");
        }
    }
}
