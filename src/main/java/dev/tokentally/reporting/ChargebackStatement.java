package dev.tokentally.reporting;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

/**
 * What a team's usage of a month (the organization's local month) is charged back, its sub-teams' included as
 * their spend counts in its budget: a line per team, model and member,
 * each line's exact billed cost rounded once as invoice lines are, and the total the sum of the rounded lines, in
 * the organization's currency. Unpriced events are counted, not charged. Asked for by a tag key ({@code tagKey}, else
 * null), a line per team and value of that key instead, with the calls without it as "(none)".
 */
public record ChargebackStatement(String organizationName, String teamSlug, String teamName, YearMonth month,
                                  String currency, List<Line> lines, BigDecimal total, long unpricedEvents, String tagKey) {

    public ChargebackStatement {
        lines = List.copyOf(lines);
    }

    /**
     * One model used by one member of the team or a sub-team (named), or in a statement by tag one value of its tag
     * key ({@code tag}; model and member null): requests, tokens, exact cost and the amount charged.
     */
    public record Line(String team, String model, String member, long requests, long tokens, BigDecimal exactCost,
                       BigDecimal amount, String tag) {
    }

    /** Whether the lines are per value of {@link #tagKey} rather than per model and member. */
    public boolean byTag() {
        return tagKey != null;
    }

    /** Whether a line is a sub-team's: then the lines show their team. */
    public boolean spansSubTeams() {
        return lines.stream().anyMatch(line -> !line.team().equals(teamName));
    }

    /** A file name such as {@code chargeback-research-2026-11}. */
    public String fileName() {
        return "chargeback-" + teamSlug + "-" + month;
    }
}
