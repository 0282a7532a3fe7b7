package dev.tokentally.base.ui;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A day as screens and documents show it, in one format whatever the organization's locale: ISO 8601
 * ("2026-12-07"), which no reader takes for another day.
 */
public final class DateText {

    private DateText() {
    }

    /**
     * A moment as screens and documents show it: its day and minute in the zone given, the organization's
     * ("2026-12-07 14:05"); the zone is named where a reader needs it, in a column header or after the time.
     */
    public static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ENGLISH);

    /** The day, or an empty text for none. */
    public static String format(LocalDate date) {
        return date == null ? "" : DateTimeFormatter.ISO_LOCAL_DATE.format(date);
    }

    /** A moment in the zone given, the reader's organization's ("2026-12-07 14:05"); an empty text for none. */
    public static String format(Instant instant, ZoneId zone) {
        return instant == null ? "" : DATE_TIME.format(instant.atZone(zone));
    }

    /**
     * The header of a column of times shown in the zone given: it says "UTC" when they are in UTC (the platform
     * admin's, who has no organization), since nothing else on the page does; an organization's own zone goes unsaid.
     */
    public static String header(String name, ZoneId zone) {
        return zone.normalized().equals(ZoneOffset.UTC) ? name + " (UTC)" : name;
    }
}
