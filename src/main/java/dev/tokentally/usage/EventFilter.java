package dev.tokentally.usage;

import java.time.LocalDate;

/**
 * Which ledger events to list: days in the organization's time zone (both included) and optional
 * user (email or external id), model, agent, source and "unpriced only". Empty strings match all.
 */
public record EventFilter(LocalDate from, LocalDate to, String user, String model, String agent, UsageSource source,
                          boolean unpricedOnly) {

    public static EventFilter between(LocalDate from, LocalDate to) {
        return new EventFilter(from, to, null, null, null, null, false);
    }
}
