package dev.tokentally.invoicing;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

/**
 * What a team's usage of a month (the organization's local month) is charged back: a line per model and member,
 * each line's exact billed cost rounded once as invoice lines are, and the total the sum of the rounded lines, in
 * the organization's currency. Unpriced events are counted, not charged. {@code locale} (a BCP 47 tag) is how the
 * organization's documents format numbers.
 */
public record ChargebackStatement(String organizationName, String teamSlug, String teamName, YearMonth month,
                                  String currency, List<Line> lines, BigDecimal total, long unpricedEvents,
                                  String locale) {

    public ChargebackStatement {
        lines = List.copyOf(lines);
    }

    /** One model used by one member: its requests and tokens, its exact cost and the amount charged for it. */
    public record Line(String model, String member, long requests, long tokens, BigDecimal exactCost, BigDecimal amount) {
    }

    /** A file name such as {@code chargeback-research-2026-11}. */
    public String fileName() {
        return "chargeback-" + teamSlug + "-" + month;
    }
}
