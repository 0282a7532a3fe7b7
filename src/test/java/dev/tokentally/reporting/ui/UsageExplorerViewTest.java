package dev.tokentally.reporting.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.router.QueryParameters;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.CsvRows;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.ViewTest;
import dev.tokentally.usage.UsageCsv;
import dev.tokentally.usage.UsageEvents;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithUserDetails;

class UsageExplorerViewTest extends ViewTest {

    @Autowired
    UsageRecorder recorder;
    @Autowired
    Fixtures fixtures;

    @BeforeEach
    void usage() {
        fixtures.withoutDemoTeams("alice@acme.test", "bob@acme.test");
        long acme = fixtures.organization("acme");
        long alice = fixtures.user("alice@acme.test");
        long bob = fixtures.user("bob@acme.test");
        recorder.record(acme, new ReportedCall("x1", "openai", "gpt-4o-mini", TokenCounts.of(100, 10), Attribution.of(alice, null, "bot", null),
                null, Instant.now(), null, null, false, UsageSource.API));
        recorder.record(acme, new ReportedCall("x2", "openai", "gpt-imaginary", TokenCounts.of(200, 20), Attribution.of(bob, null, null, null),
                null, Instant.now(), null, null, false, UsageSource.API));
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_lists_and_filters_the_organizations_events() {
        UsageExplorerView view = navigate(UsageExplorerView.class);
        assertThat(test(view.grid).size()).isEqualTo(2);

        test(view.unpricedOnly).click();

        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(test(view.grid).getCellText(0, 1)).isEqualTo("openai/gpt-imaginary");
        assertThat(test(view.grid).getCellText(0, 6)).isEqualTo("unpriced");

        test(view.unpricedOnly).click();
        test(view.user).setValue("alice@acme.test");
        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(test(view.grid).getCellText(0, 3)).isEqualTo("bot");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void the_export_keeps_reported_text_with_line_breaks_and_formulas_in_one_inert_cell() {
        long acme = fixtures.organization("acme");
        recorder.record(acme, new ReportedCall("x3", "openai", "gpt-4o-mini", TokenCounts.of(1, 1), Attribution.of(null, null, "=HYPERLINK(\"http://evil.test\")\r\nnext", "@session\rtwo"), null, Instant.now(), null, null, false,
                UsageSource.API));
        UsageExplorerView view = navigate(UsageExplorerView.class);

        var rows = CsvRows.read(view.exportCsv());

        assertThat(rows).hasSize(4).allSatisfy(row -> assertThat(row).hasSameSizeAs(UsageCsv.HEADER));
        assertThat(rows).extracting(row -> row.get(UsageCsv.HEADER.indexOf("agent")))
                .contains("'=HYPERLINK(\"http://evil.test\")\r\nnext");
        assertThat(rows).extracting(row -> row.get(UsageCsv.HEADER.indexOf("session"))).contains("'@session\rtwo");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void texts_a_narrow_column_may_cut_show_whole_in_a_tooltip() {
        String agent = "customer-support-escalation-summarizer-nightly-batch";
        recorder.record(fixtures.organization("acme"), new ReportedCall("long", "openai", "gpt-4o-mini", TokenCounts.of(1, 1),
                Attribution.of(fixtures.user("alice@acme.test"), null, agent, null), null, Instant.now(), null, null, false, UsageSource.API));
        UsageExplorerView view = navigate(UsageExplorerView.class);
        test(view.agent).setValue(agent);
        assertThat(test(view.grid).size()).isEqualTo(1);
        UsageEvents.Listed row = test(view.grid).getRow(0);

        for (String header : List.of("Model", "User", "Agent", "Team", "API key")) {
            Grid.Column<UsageEvents.Listed> column = view.grid.getColumns().stream()
                    .filter(candidate -> header.equals(candidate.getHeaderText())).findFirst().orElseThrow();
            assertThat(column.getTooltipGenerator()).as(header + " has a tooltip").isNotNull();
            assertThat(column.getTooltipGenerator().apply(row)).as(header)
                    .isEqualTo(test(view.grid).getCellText(0, view.grid.getColumns().indexOf(column)));
        }
        assertThat(test(view.grid).getCellText(0, 3)).isEqualTo(agent);
    }

    @Test
    @WithUserDetails("bob@acme.test")
    void a_member_sees_only_their_own_events_and_cannot_widen_the_filter() {
        UsageExplorerView view = navigate(UsageExplorerView.class);

        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(test(view.grid).getCellText(0, 2)).isEqualTo("bob@acme.test");
        assertThat(view.user.isReadOnly()).isTrue();
    }

    @Test
    @WithUserDetails("bob@acme.test")
    void a_team_manager_lists_their_teams_events_only_whatever_the_url_or_filters_say() {
        long alpha = fixtures.team("acme", "rt-alpha", "Alpha");
        long beta = fixtures.team("acme", "rt-beta", "Beta");
        fixtures.member(alpha, "bob@acme.test", true);
        long acme = fixtures.organization("acme");
        for (long team : new long[] {alpha, beta}) {
            recorder.record(acme, new ReportedCall("team-" + team, "openai", "gpt-4o-mini", TokenCounts.of(5, 5), Attribution.of(fixtures.user("alice@acme.test"), null, null, null), null, Instant.now(), null, null, false, UsageSource.API)
                    .withTeam(team));
        }

        UsageExplorerView view = navigate(UsageExplorerView.class, QueryParameters.of("team", "rt-beta"));

        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(test(view.grid).getCellText(0, 8)).isEqualTo("Alpha");
        assertThat(view.filterProblem.getText()).contains("no team rt-beta");
        test(view.user).setValue("alice@acme.test");
        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(CsvRows.read(view.exportCsv())).hasSize(2)
                .allSatisfy(row -> assertThat(row.get(UsageCsv.HEADER.indexOf("team"))).isIn("team", "Alpha"));
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_filters_events_by_team() {
        long alpha = fixtures.team("acme", "rt-alpha", "Alpha");
        recorder.record(fixtures.organization("acme"), new ReportedCall("in-alpha", "openai", "gpt-4o-mini", TokenCounts.of(5, 5), Attribution.of(null, "ext", null, null), null, Instant.now(), null, null, false, UsageSource.API).withTeam(alpha));

        UsageExplorerView view = navigate(UsageExplorerView.class, QueryParameters.of("team", "rt-alpha"));

        assertThat(test(view.grid).size()).isEqualTo(1);
        test(view.team).selectItem("no team");
        assertThat(test(view.grid).size()).isEqualTo(2);
    }

    @Test
    @WithUserDetails("admin@globex.test")
    void another_organization_sees_nothing_of_acmes_events() {
        UsageExplorerView view = navigate(UsageExplorerView.class);

        assertThat(test(view.grid).size()).isZero();
    }
}
