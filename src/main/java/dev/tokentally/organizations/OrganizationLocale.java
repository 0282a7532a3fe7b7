package dev.tokentally.organizations;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** Where an organization's days begin and end, the currency it is billed in, and its name for mail and documents. */
public record OrganizationLocale(ZoneId zone, String currency, String name) {

    /** Today in the organization's time zone: the one place "today", "this month" and budget periods start from. */
    public LocalDate today(Clock clock) {
        return dayOf(clock.instant());
    }

    /** The organization's day the instant falls on, for a caller that reads the clock once for several figures. */
    public LocalDate dayOf(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }
}
