package dev.tokentally.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

import dev.tokentally.base.NotFoundException;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.CsvRows;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;

@TokentallyTest
@WithUserDetails("admin@acme.test")
class ChargebackStatementsTest {

    static final YearMonth NOVEMBER = YearMonth.of(2026, 11);

    @Autowired
    ChargebackStatements statements;
    @Autowired
    UsageRecorder recorder;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;

    @Autowired
    Fixtures fixtures;
    long acme;
    long alpha;
    long beta;

    /**
     * Team Alpha in November (Berlin): alice 9,000 input tokens of gpt-4o and 100,000 + 50,000 input tokens of
     * gpt-4o-mini on two days, bob 150,000 input tokens of gpt-4o-mini; besides, usage of Beta, of no team, and of
     * Alpha in October and on the 30th at 23:30 UTC (December 1 in Berlin), none of which is on the statement.
     */
    @BeforeEach
    void teamAlphasNovember() {
        Fixtures.AlphaAndBeta teams = fixtures.alphaManagedByBob();
        acme = teams.acme();
        alpha = teams.alpha();
        beta = teams.beta();
        record("c1", "alice@acme.test", "gpt-4o", 9_000, alpha, "2026-11-02T09:00:00Z");
        record("c2", "alice@acme.test", "gpt-4o-mini", 100_000, alpha, "2026-11-03T09:00:00Z");
        record("c3", "alice@acme.test", "gpt-4o-mini", 50_000, alpha, "2026-11-17T09:00:00Z");
        record("c4", "bob@acme.test", "gpt-4o-mini", 150_000, alpha, "2026-11-20T09:00:00Z");
        record("x1", "bob@acme.test", "gpt-4o-mini", 500_000, beta, "2026-11-20T09:00:00Z");
        record("x2", "bob@acme.test", "gpt-4o-mini", 500_000, null, "2026-11-20T09:00:00Z");
        record("x3", "alice@acme.test", "gpt-4o-mini", 500_000, alpha, "2026-10-31T12:00:00Z");
        record("x4", "alice@acme.test", "gpt-4o-mini", 500_000, alpha, "2026-11-30T23:30:00Z");
    }

    private void record(String key, String email, String model, long inputTokens, Long team, String at) {
        recorder.record(acme, new ReportedCall(key, "openai", model, TokenCounts.of(inputTokens, 0), Attribution.of(fixtures.user(email), null,
                null, null), null, Instant.parse(at), null, null, false, UsageSource.API).withTeam(team));
    }

    @Test
    void the_total_is_the_teams_ledger_cost_rounded_once_per_line_worked_by_hand() {
        ChargebackStatement statement = statements.statement("rt-alpha", NOVEMBER);

        // Acme bills EUR at 0.92 per USD with a 20 % markup: USD × 1.104.
        // gpt-4o, 9,000 input × USD 2.50 / 1M = USD 0.0225 → EUR 0.02484 → 0.02
        // gpt-4o-mini alice, 150,000 input × USD 0.15 / 1M = USD 0.0225 → EUR 0.02484 → 0.02
        // gpt-4o-mini bob, the same → 0.02. Total 0.06 (the unrounded sum, EUR 0.07452, would round to 0.07).
        assertThat(statement.lines()).extracting(line -> line.model() + " " + line.member() + " " + line.requests() + " "
                        + line.tokens() + " " + line.exactCost().toPlainString() + " " + line.amount().toPlainString())
                .containsExactly("openai/gpt-4o alice@acme.test 1 9000 0.02484 0.02",
                        "openai/gpt-4o-mini alice@acme.test 2 150000 0.02484 0.02",
                        "openai/gpt-4o-mini bob@acme.test 1 150000 0.02484 0.02");
        assertThat(statement.total()).isEqualByComparingTo("0.06").hasScaleOf(2);
        assertThat(statement.currency()).isEqualTo("EUR");
        assertThat(statement.teamName()).isEqualTo("Alpha");
        assertThat(statement.total()).isEqualTo(ledgerRoundedPerLine());
    }

    /** The team's billed cost straight from usage_event in November (Berlin), rounded once per model and member. */
    private BigDecimal ledgerRoundedPerLine() {
        return jdbc.sql("""
                        select sum(billed_cost) from usage_event
                        where team_id = ? and occurred_at >= '2026-10-31T23:00:00Z' and occurred_at < '2026-11-30T23:00:00Z'
                        group by provider, model, user_id""")
                .param(alpha).query(BigDecimal.class).list().stream()
                .map(exact -> exact.setScale(2, RoundingMode.HALF_UP)).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void the_statement_downloads_as_csv_with_a_total_row_and_as_pdf() throws Exception {
        ChargebackStatement statement = statements.statement("Alpha", NOVEMBER);

        List<List<String>> rows = CsvRows.read(ChargebackCsv.write(statement));
        assertThat(rows.getFirst()).containsExactly("team", "month", "model", "member", "requests", "tokens", "exact_cost",
                "amount", "currency");
        assertThat(rows.get(1)).containsExactly("Alpha", "2026-11", "openai/gpt-4o", "alice@acme.test", "1", "9000", "0.02484",
                "0.02", "EUR");
        assertThat(rows.getLast()).containsExactly("Alpha", "2026-11", "total", "", "4", "309000", "", "0.06", "EUR");
        assertThat(statement.fileName()).isEqualTo("chargeback-rt-alpha-2026-11");

        try (PDDocument pdf = Loader.loadPDF(ChargebackPdf.render(statement))) {
            String text = new PDFTextStripper().getText(pdf).replace('\u00a0', ' ');
            assertThat(text).contains("Chargeback statement", "Team Alpha", "November 2026", "Acme Corp",
                    "openai/gpt-4o-mini", "bob@acme.test", "EUR 0.06", "rounded once");
        }
    }

    @Test
    void a_team_manager_gets_statements_of_their_teams_only_and_a_member_of_none() {
        RunAs.user(users, "bob@acme.test", () -> {
            assertThat(statements.teams()).extracting(team -> team.label()).containsExactly("Alpha");
            assertThat(statements.statement("rt-alpha", NOVEMBER).total()).isEqualByComparingTo("0.06");
            assertThatThrownBy(() -> statements.statement("rt-beta", NOVEMBER)).isInstanceOf(NotFoundException.class);
            return null;
        });
        RunAs.user(users, "alice@acme.test", () -> {
            assertThat(statements.teams()).isEmpty();
            assertThatThrownBy(() -> statements.statement("rt-alpha", NOVEMBER)).isInstanceOf(NotFoundException.class);
            return null;
        });
        RunAs.user(users, "admin@globex.test", () -> {
            assertThatThrownBy(() -> statements.statement("rt-alpha", NOVEMBER)).isInstanceOf(NotFoundException.class);
            return null;
        });
        assertThat(statements.teams()).extracting(team -> team.label()).contains("Alpha", "Beta");
    }
}
