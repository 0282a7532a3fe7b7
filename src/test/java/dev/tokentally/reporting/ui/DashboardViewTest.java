package dev.tokentally.reporting.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.vaadin.flow.router.QueryParameters;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.CsvRows;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.ViewTest;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithUserDetails;

class DashboardViewTest extends ViewTest {

    @Autowired
    UsageRecorder recorder;

    long acme;
    @Autowired
    Fixtures fixtures;

    @BeforeEach
    void usage() {
        fixtures.withoutDemoTeams("alice@acme.test", "bob@acme.test");
        acme = fixtures.organization("acme");
        record("a1", "alice@acme.test", TokenCounts.of(1000, 500), "support-bot");
        record("b1", "bob@acme.test", TokenCounts.of(2000, 1000), null);
    }

    private void recordFor(String key, String email, TokenCounts tokens, long team) {
        recorder.record(acme, new ReportedCall(key, "openai", "gpt-4o-mini", tokens, Attribution.of(fixtures.user(email), null, null, null), null,
                Instant.now(), null, null, false, UsageSource.API).withTeam(team));
    }

    private void record(String key, String email, TokenCounts tokens, String agent) {
        Long user = fixtures.user(email);
        recorder.record(acme, new ReportedCall(key, "openai", "gpt-4o-mini", tokens, Attribution.of(user, null, agent, null), null,
                Instant.now(), null, null, false, UsageSource.API));
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_sees_the_whole_organization_today_and_this_month() {
        DashboardView view = navigate(DashboardView.class);

        assertThat(view.todayTokens.getText()).isEqualTo("4,500");
        assertThat(view.todayRequests.getText()).isEqualTo("2");
        // (1000 + 2000) × 0.15 + (500 + 1000) × 0.6 = 1350 µ$; × 1.2 × 0.92 = EUR 0.00149040
        assertThat(view.todayCost.getText()).isEqualTo("EUR 0.001490");
        assertThat(view.monthRequests.getText()).isEqualTo("2");
        assertThat(test(view.topUsers).getCellText(0, 0)).isEqualTo("Bob Example");
        assertThat(test(view.topAgents).size()).isEqualTo(2);
        assertThat(view.empty.isVisible()).isFalse();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void this_months_response_cache_hit_rate_and_the_money_it_saved_are_shown() {
        Long alice = fixtures.user("alice@acme.test");
        for (String call : List.of("paid", "hit")) {
            ReportedCall report = new ReportedCall(UsageSource.GATEWAY_KEY_PREFIX + call, "openai", "gpt-4o-mini",
                    TokenCounts.of(1000, 500), Attribution.of(alice, null, null, null), null, Instant.now(), null, null, false,
                    UsageSource.GATEWAY);
            recorder.record(acme, call.equals("hit") ? report.withCacheHit(new ReportedCall.CacheHit(new BigDecimal("1.25"), "EUR"))
                    : report);
        }

        DashboardView view = navigate(DashboardView.class);

        assertThat(view.monthResponseCacheHitRate.getText()).isEqualTo("50.00 %");
        assertThat(view.monthResponseCacheSaved.getText()).isEqualTo("EUR 1.25");
        assertThat(view.monthRequests.getText()).isEqualTo("4");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void cost_over_time_is_charted_per_model_and_exported_as_shown() {
        DashboardView view = navigate(DashboardView.class);

        String option = view.chart.optionJson();
        assertThat(option).contains("\"name\":\"openai/gpt-4o-mini\"", "\"type\":\"bar\"", "\"name\":\"EUR\"");
        assertThat(option).contains("\"0.0014904\"");
        String csv = view.seriesCsv();
        assertThat(csv.lines().findFirst()).contains("bucket,group,team,api_key,requests,tokens,cost,currency");
        assertThat(csv.lines().count()).isEqualTo(31);
        assertThat(csv).contains(",openai/gpt-4o-mini,,,2,4500,0.0014904,EUR");

        test(view.granularity).selectItem("month");
        assertThat(view.seriesCsv().lines().count()).isBetween(2L, 3L);
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_splits_by_team_and_narrows_to_one_team_or_key() {
        long alpha = fixtures.team("acme", "rt-alpha", "Alpha");
        recordFor("t1", "alice@acme.test", TokenCounts.of(100, 0), alpha);
        DashboardView view = navigate(DashboardView.class);

        assertThat(test(view.topTeams).getCellText(0, 0)).isEqualTo("no team");
        assertThat(test(view.topTeams).getCellText(1, 0)).isEqualTo("Alpha");
        test(view.groupBy).selectItem("team");
        assertThat(view.chart.optionJson()).contains("\"name\":\"Alpha\"", "\"name\":\"no team\"");

        test(view.team).selectItem("Alpha");

        assertThat(view.todayTokens.getText()).isEqualTo("100");
        assertThat(view.seriesCsv().lines().skip(1)).allSatisfy(line -> assertThat(line).contains(",Alpha,Alpha,,"));
    }

    @Test
    @WithUserDetails("bob@acme.test")
    void a_team_manager_sees_their_teams_only_and_a_url_cannot_show_another() {
        long alpha = fixtures.team("acme", "rt-alpha", "Alpha");
        long beta = fixtures.team("acme", "rt-beta", "Beta");
        fixtures.member(alpha, "bob@acme.test", true);
        recordFor("t1", "alice@acme.test", TokenCounts.of(100, 0), alpha);
        recordFor("t2", "alice@acme.test", TokenCounts.of(7000, 0), beta);

        DashboardView view = navigate(DashboardView.class, QueryParameters.of("team", "rt-beta"));

        assertThat(view.todayTokens.getText()).isEqualTo("100");
        assertThat(view.team.isEmpty()).isTrue();
        assertThat(view.filterProblem.getText()).contains("no team rt-beta");
        assertThat(test(view.topUsers).getCellText(0, 0)).isEqualTo("Alice Example");
        assertThat(test(view.topTeams).size()).isEqualTo(1);
        assertThat(view.team.getListDataView().getItems()).extracting(choice -> choice.label()).containsExactly("Alpha");
        test(view.groupBy).selectItem("team");
        assertThat(view.chart.optionJson()).doesNotContain("Beta", "no team");

        DashboardView narrowed = navigate(DashboardView.class, QueryParameters.of("team", "rt-alpha"));
        assertThat(narrowed.team.getValue().label()).isEqualTo("Alpha");
        assertThat(narrowed.filterProblem.getText()).isEmpty();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void a_reversed_range_is_explained_instead_of_charted() {
        DashboardView view = navigate(DashboardView.class);

        view.from.setValue(view.to.getValue().plusDays(1));

        assertThat(view.rangeProblem.getText()).isEqualTo("Choose another range: to must not be before from.");
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void a_member_sees_only_their_own_usage() {
        DashboardView view = navigate(DashboardView.class);

        assertThat(view.todayTokens.getText()).isEqualTo("1,500");
        assertThat(view.todayRequests.getText()).isEqualTo("1");
        assertThat(view.topUsers.getParent()).isEmpty();
    }

    @Test
    @WithUserDetails("admin@globex.test")
    void another_organization_sees_none_of_it() {
        DashboardView view = navigate(DashboardView.class);

        assertThat(view.todayRequests.getText()).isEqualTo("0");
        assertThat(view.empty.isVisible()).isTrue();
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void platform_admins_have_no_organization_dashboard() {
        assertDenied(DashboardView.class);
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void platform_admins_see_every_organizations_today_and_month() {
        UsageOverviewView view = navigate(UsageOverviewView.class);

        assertThat(test(view.grid).size()).isEqualTo(3);
        assertThat(test(view.grid).getCellText(0, 0)).isEqualTo("Acme Corp");
        assertThat(test(view.grid).getCellText(0, 1)).isEqualTo("2");
        assertThat(test(view.grid).getCellText(0, 2)).isEqualTo("4,500");
        assertThat(test(view.grid).getCellText(0, 3)).isEqualTo("EUR 0.001490");
        assertThat(test(view.grid).getCellText(1, 0)).isEqualTo("Globex");
        assertThat(test(view.grid).getCellText(1, 2)).isEqualTo("0");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void org_admins_cannot_open_the_overview_of_all_organizations() {
        assertDenied(UsageOverviewView.class);
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void the_export_keeps_an_agent_name_with_a_line_break_and_a_formula_in_one_inert_cell() {
        record("x1", "alice@acme.test", TokenCounts.of(10, 5), "=HYPERLINK(\"http://evil.test\",\"x\")\nsecond, line");
        DashboardView view = navigate(DashboardView.class);
        test(view.groupBy).selectItem("agent");

        var rows = CsvRows.read(view.seriesCsv());

        assertThat(rows).allSatisfy(row -> assertThat(row).hasSize(8));
        assertThat(rows).extracting(row -> row.get(1))
                .contains("'=HYPERLINK(\"http://evil.test\",\"x\")\nsecond, line", "support-bot");
    }
}
