package dev.tokentally.base.ui;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * A day as screens and documents show it, in one format whatever the organization's locale: ISO 8601
 * ("2026-12-07"), which no reader takes for another day.
 */
public final class DateText {

    private DateText() {
    }

    /** The day, or an empty text for none. */
    public static String format(LocalDate date) {
        return date == null ? "" : DateTimeFormatter.ISO_LOCAL_DATE.format(date);
    }
}
