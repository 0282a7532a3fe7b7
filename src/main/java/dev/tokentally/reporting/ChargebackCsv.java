package dev.tokentally.reporting;

import dev.tokentally.base.CsvTable;

/** A chargeback statement as CSV: a row per line (with its team or sub-team), then the total row; amounts as rounded on the statement. */
public final class ChargebackCsv {

    private ChargebackCsv() {
    }

    public static String write(ChargebackStatement statement) {
        if (statement.byTag()) {
            return byTag(statement);
        }
        CsvTable csv = new CsvTable("team", "month", "model", "member", "requests", "tokens", "exact_cost", "amount", "currency");
        long requests = 0;
        long tokens = 0;
        for (ChargebackStatement.Line line : statement.lines()) {
            csv.row(line.team(), statement.month(), line.model(), line.member(), line.requests(), line.tokens(),
                    line.exactCost(), line.amount(), statement.currency());
            requests += line.requests();
            tokens += line.tokens();
        }
        csv.row(statement.teamName(), statement.month(), "total", null, requests, tokens, null, statement.total(),
                statement.currency());
        return csv.toString();
    }

    /** A row per team and value of the statement's tag key, then the total row. */
    private static String byTag(ChargebackStatement statement) {
        CsvTable csv = new CsvTable("team", "month", "tag_key", "tag_value", "requests", "tokens", "exact_cost", "amount", "currency");
        long requests = 0;
        long tokens = 0;
        for (ChargebackStatement.Line line : statement.lines()) {
            csv.row(line.team(), statement.month(), statement.tagKey(), line.tag(), line.requests(), line.tokens(),
                    line.exactCost(), line.amount(), statement.currency());
            requests += line.requests();
            tokens += line.tokens();
        }
        csv.row(statement.teamName(), statement.month(), statement.tagKey(), "total", requests, tokens, null, statement.total(),
                statement.currency());
        return csv.toString();
    }
}
