package dev.tokentally.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.CsvRows;
import dev.tokentally.testsupport.Fixtures;
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
import org.springframework.security.test.context.support.WithUserDetails;

/** A parent team's statement includes its sub-teams' lines, as its budget counts their spend; a sub-team's has its own. */
@TokentallyTest
@WithUserDetails("admin@acme.test")
class SubTeamChargebackTest {

    static final YearMonth NOVEMBER = YearMonth.of(2026, 11);

    @Autowired
    ChargebackStatements statements;
    @Autowired
    UsageRecorder recorder;
    @Autowired
    JdbcClient jdbc;

    @Autowired
    Fixtures fixtures;
    long acme;
    long alpha;
    long lab;

    /** Alpha: alice 100,000 input tokens of gpt-4o-mini; its sub-team Lab: alice 9,000 of gpt-4o, bob 150,000 of gpt-4o-mini. */
    @BeforeEach
    void alphaAndItsLab() {
        acme = fixtures.organization("acme");
        alpha = fixtures.team("acme", "rt-alpha", "Alpha");
        lab = fixtures.subTeam(alpha, "rt-lab", "Lab");
        record("p1", "alice@acme.test", "gpt-4o-mini", 100_000, alpha);
        record("s1", "alice@acme.test", "gpt-4o", 9_000, lab);
        record("s2", "bob@acme.test", "gpt-4o-mini", 150_000, lab);
    }

    private void record(String key, String email, String model, long inputTokens, long team) {
        recorder.record(acme, new ReportedCall(key, "openai", model, TokenCounts.of(inputTokens, 0), Attribution.of(fixtures.user(email), null,
                null, null), null, Instant.parse("2026-11-10T10:00:00Z"), null, null, false, UsageSource.API).withTeam(team));
    }

    @Test
    void the_parents_statement_totals_its_own_and_its_sub_teams_lines_each_rounded_once() {
        ChargebackStatement statement = statements.statement("rt-alpha", NOVEMBER);

        // EUR = USD × 1.104. Alpha: 100,000 × USD 0.15 / 1M = USD 0.015 → EUR 0.01656 → 0.02. Lab: gpt-4o 9,000 × USD 2.50 / 1M
        // → EUR 0.02484 → 0.02; gpt-4o-mini 150,000 → EUR 0.02484 → 0.02. Total 0.06 (unrounded 0.06624 would be 0.07).
        assertThat(statement.lines()).extracting(line -> line.team() + " " + line.model() + " " + line.member() + " "
                        + line.exactCost().toPlainString() + " " + line.amount().toPlainString())
                .containsExactly("Alpha openai/gpt-4o-mini alice@acme.test 0.01656 0.02",
                        "Lab openai/gpt-4o alice@acme.test 0.02484 0.02",
                        "Lab openai/gpt-4o-mini bob@acme.test 0.02484 0.02");
        assertThat(statement.total()).isEqualByComparingTo("0.06").isEqualTo(ledgerRoundedPerLine(alpha, lab));
        assertThat(statement.spansSubTeams()).isTrue();
    }

    @Test
    void a_sub_teams_statement_has_only_its_own_lines() {
        ChargebackStatement statement = statements.statement("rt-lab", NOVEMBER);

        assertThat(statement.lines()).extracting(ChargebackStatement.Line::team).containsOnly("Lab").hasSize(2);
        assertThat(statement.total()).isEqualByComparingTo("0.04").isEqualTo(ledgerRoundedPerLine(lab));
        assertThat(statement.spansSubTeams()).isFalse();
    }

    @Test
    void csv_and_pdf_name_the_sub_team_of_its_lines() throws Exception {
        ChargebackStatement statement = statements.statement("rt-alpha", NOVEMBER);

        List<List<String>> rows = CsvRows.read(ChargebackCsv.write(statement));
        assertThat(rows.subList(1, rows.size())).extracting(row -> row.getFirst() + " " + row.get(2) + " " + row.get(7))
                .containsExactly("Alpha openai/gpt-4o-mini 0.02", "Lab openai/gpt-4o 0.02", "Lab openai/gpt-4o-mini 0.02",
                        "Alpha total 0.06");
        try (PDDocument pdf = Loader.loadPDF(ChargebackPdf.render(statement))) {
            String text = new PDFTextStripper().getText(pdf).replace('\u00a0', ' ');
            assertThat(text).contains("Team Model Member", "Lab openai/gpt-4o alice@acme.test", "EUR 0.06");
        }
    }

    /** The teams' billed cost straight from usage_event, rounded once per team, model and member. */
    private BigDecimal ledgerRoundedPerLine(Long... teams) {
        return jdbc.sql("select sum(billed_cost) from usage_event where team_id in (:teams) group by team_id, provider, model, user_id")
                .param("teams", List.of(teams)).query(BigDecimal.class).list().stream()
                .map(exact -> exact.setScale(2, RoundingMode.HALF_UP)).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
