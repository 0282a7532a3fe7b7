package dev.tokentally.reporting.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.reporting.GroupBy;
import dev.tokentally.reporting.ReportPeriod;
import dev.tokentally.reporting.ReportScope;
import dev.tokentally.reporting.SeriesFilter;
import dev.tokentally.reporting.UsageReports;
import dev.tokentally.requests.LoggedRequest;
import dev.tokentally.requests.RequestLog;
import dev.tokentally.requests.RequestStats;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.ViewTest;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.CurrencyTotals;
import dev.tokentally.usage.OrganizationTotals;
import dev.tokentally.usage.PairEntry;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.UsageSource;
import dev.tokentally.usage.UsageSummary;
import dev.tokentally.usage.UsageTotals;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithUserDetails;

/** The dashboard's analytics: the range it follows, the metrics over time, cache figures, breakdowns, platform totals. */
class DashboardAnalyticsViewTest extends ViewTest {

    @Autowired
    UsageRecorder recorder;
    @Autowired
    Fixtures fixtures;
    @Autowired
    UsageReports reports;
    @Autowired
    UsageTotals totals;
    @Autowired
    RequestLog requestLog;
    @Autowired
    RequestStats requestStats;

    long acme;

    @BeforeEach
    void usage() {
        fixtures.withoutDemoTeams("alice@acme.test", "bob@acme.test");
        acme = fixtures.organization("acme");
        record(acme, "a1", "alice@acme.test", "gpt-4o-mini", TokenCounts.of(1000, 500), Instant.now());
        record(acme, "b1", "bob@acme.test", "gpt-4o-mini", TokenCounts.of(2000, 1000), Instant.now());
    }

    private void record(long organization, String key, String email, String model, TokenCounts tokens, Instant at) {
        recorder.record(organization, new ReportedCall(key, "openai", model, tokens,
                Attribution.of(fixtures.user(email), null, null, null), null, at, null, null, false, UsageSource.API));
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void top_lists_follow_the_chosen_range_and_leave_out_usage_of_other_days() {
        record(acme, "old", "alice@acme.test", "gpt-4o", TokenCounts.of(9000, 9000), Instant.now().minus(50, ChronoUnit.DAYS));
        DashboardView view = navigate(DashboardView.class);

        assertThat(test(view.topModels).size()).isEqualTo(1);
        assertThat(test(view.topModels).getCellText(0, 0)).isEqualTo("openai/gpt-4o-mini");

        LocalDate today = view.to.getValue();
        view.from.setValue(today.minusDays(60));
        view.to.setValue(today.minusDays(40));

        assertThat(test(view.topModels).size()).isEqualTo(1);
        assertThat(test(view.topModels).getCellText(0, 0)).isEqualTo("openai/gpt-4o");
        assertThat(test(view.topModels).getCellText(0, 2)).isEqualTo("18,000");
        assertThat(test(view.topUsers).size()).isEqualTo(1);
        assertThat(test(view.topUsers).getCellText(0, 0)).isEqualTo("Alice Example");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void from_after_to_marks_both_fields_and_leaves_no_chart_or_list_of_the_old_range() {
        DashboardView view = navigate(DashboardView.class);
        assertThat(view.chart.optionJson()).contains("gpt-4o-mini");

        view.from.setValue(view.to.getValue().plusDays(1));

        assertThat(view.from.isInvalid()).isTrue();
        assertThat(view.to.isInvalid()).isTrue();
        assertThat(view.from.getErrorMessage()).isEqualTo("From is after To");
        assertThat(view.chart.optionJson()).isNullOrEmpty();
        assertThat(view.chart.isVisible()).isFalse();
        assertThat(test(view.topModels).size()).isZero();

        view.from.setValue(view.to.getValue());

        assertThat(view.from.isInvalid()).isFalse();
        assertThat(view.to.isInvalid()).isFalse();
        assertThat(view.chart.isVisible()).isTrue();
        assertThat(view.chart.optionJson()).contains("gpt-4o-mini");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void tokens_and_requests_over_time_match_the_recorded_usage_and_money_tooltips_carry_the_currency() {
        DashboardView view = navigate(DashboardView.class);
        test(view.granularity).selectItem("month");
        assertThat(view.chart.optionJson()).contains("\"valueFormat\":{", "\"prefix\":\"EUR \"", "\"fractionDigits\":2");

        test(view.metric).selectItem("tokens");
        assertThat(lastValue(view)).isEqualTo("4500");
        assertThat(view.chart.optionJson()).contains("\"fractionDigits\":0").doesNotContain("EUR ");

        test(view.metric).selectItem("requests");
        assertThat(lastValue(view)).isEqualTo("2");
    }

    /** The value of the newest bucket of the only series, as the chart option holds it. */
    private static String lastValue(DashboardView view) {
        String json = view.chart.optionJson();
        String data = json.substring(json.lastIndexOf("\"data\":[") + 8);
        data = data.substring(0, data.indexOf(']'));
        String[] values = data.split(",");
        return values[values.length - 1].replace("\"", "");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void errors_and_latency_percentiles_come_from_the_request_log_of_the_organization_only() {
        Instant now = Instant.now();
        List<Long> latencies = new ArrayList<>();
        for (long ms = 50; ms <= 1000; ms += 50) {
            latencies.add(ms);
        }
        latencies.forEach(ms -> requestLog.add(call(acme, 200, ms, now)));
        requestLog.add(call(acme, 429, 5, now));
        requestLog.add(call(acme, 502, 30_000, now));
        long globex = fixtures.organization("globex");
        requestLog.add(call(globex, 500, 1, now));
        LocalDate today = reports.todayOf(acme, now);
        await().atMost(Duration.ofSeconds(10)).until(() -> requestStats.series(acme, null, null, today, today,
                ZoneId.of("UTC"), ChronoUnit.MONTHS).getFirst().requests() == 22
                && requestStats.series(globex, null, null, today, today, ZoneId.of("UTC"), ChronoUnit.MONTHS)
                .getFirst().requests() == 1);

        DashboardView view = navigate(DashboardView.class);
        test(view.granularity).selectItem("month");
        test(view.metric).selectItem("errors");
        String errors = view.chart.optionJson();
        assertThat(seriesData(errors, "failed")).endsWith("2");
        assertThat(seriesData(errors, "all calls")).endsWith("22");
        assertThat(view.groupBy.isEnabled()).isFalse();

        test(view.metric).selectItem("latency p50 / p95 / p99");
        String latency = view.chart.optionJson();
        // 20 answered calls of 50, 100, … 1000 ms (the failed ones left out), nearest rank
        assertThat(seriesData(latency, "p50")).endsWith("500");
        assertThat(seriesData(latency, "p95")).endsWith("950");
        assertThat(seriesData(latency, "p99")).endsWith("1000");
        assertThat(latency).contains("\"suffix\":\" ms\"");
    }

    @Test
    @WithUserDetails("admin@globex.test")
    void an_org_admin_never_sees_another_organizations_calls_cache_or_breakdown() {
        requestLog.add(call(acme, 500, 10, Instant.now()));
        LocalDate today = reports.todayOf(acme, Instant.now());
        await().atMost(Duration.ofSeconds(10)).until(() -> requestStats.series(acme, null, null, today, today,
                ZoneId.of("UTC"), ChronoUnit.MONTHS).getFirst().errors() == 1);
        long globex = fixtures.organization("globex");
        long globexTodayRequests = reports.summary(ReportScope.organization(globex), SeriesFilter.none(),
                new ReportPeriod(reports.todayOf(globex, Instant.now()), reports.todayOf(globex, Instant.now()))).requests();

        DashboardView view = navigate(DashboardView.class);
        test(view.metric).selectItem("errors");

        assertThat(seriesData(view.chart.optionJson(), "failed")).doesNotContain("1");
        assertThat(view.breakdown.grid.getGenericDataView().getItems()).extracting(PairBreakdown.Row::label)
                .doesNotContain("Alice Example", "Bob Example");
        assertThat(view.todayRequests.getText()).isEqualTo(String.format("%,d", globexTodayRequests));
    }

    private static String seriesData(String json, String name) {
        String rest = json.substring(json.indexOf("\"name\":\"" + name + "\""));
        String data = rest.substring(rest.indexOf("\"data\":[") + 8);
        return data.substring(0, data.indexOf(']'));
    }

    private LoggedRequest call(long organization, int status, long latencyMs, Instant at) {
        return new LoggedRequest(null, at, organization, new LoggedRequest.Caller(null, null, null),
                new LoggedRequest.Route("gpt-4o-mini", "openai", "openai-chat", "/v1/chat/completions"),
                status < 400 ? LoggedRequest.Outcome.ok(status) : new LoggedRequest.Outcome(status, "failed", "refused"),
                new LoggedRequest.Timing(latencyMs, null, false), null, null, false, List.of(), null);
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void the_two_dimension_breakdown_adds_up_to_the_ledger_per_row_per_column_and_in_all() {
        long alpha = fixtures.team("acme", "rt-alpha", "Alpha");
        recorder.record(acme, new ReportedCall("t1", "openai", "gpt-4o", TokenCounts.of(100_000, 10_000),
                Attribution.of(fixtures.user("alice@acme.test"), null, null, null), null, Instant.now(), null, null,
                false, UsageSource.API).withTeam(alpha));
        DashboardView view = navigate(DashboardView.class);
        test(view.breakdown.rows).selectItem("team");
        test(view.breakdown.columns).selectItem("model");

        List<PairBreakdown.Row> rows = view.breakdown.grid.getGenericDataView().getItems().toList();
        LocalDate today = view.to.getValue();
        ReportPeriod period = new ReportPeriod(view.from.getValue(), today);
        UsageSummary ledger = reports.summary(ReportScope.organization(acme), SeriesFilter.none(), period);
        assertThat(rows).extracting(PairBreakdown.Row::label).containsExactly("Alpha", "no team");
        assertThat(rows.stream().map(PairBreakdown.Row::total).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(ledger.cost().amount());
        Map<String, BigDecimal> byModel = reports.top(ReportScope.organization(acme), SeriesFilter.none(), GroupBy.MODEL,
                period, 10).stream().collect(Collectors.toMap(entry -> entry.label(), entry -> entry.cost().amount()));
        assertThat(rows.getFirst().costs()).containsOnlyKeys("openai/gpt-4o");
        assertThat(rows.getFirst().costs().get("openai/gpt-4o")).isEqualByComparingTo(byModel.get("openai/gpt-4o"));
        assertThat(rows.get(1).costs().get("openai/gpt-4o-mini")).isEqualByComparingTo(byModel.get("openai/gpt-4o-mini"));

        List<PairEntry> pairs = reports.pairs(ReportScope.organization(acme), SeriesFilter.none(), period, GroupBy.USER,
                GroupBy.MODEL);
        assertThat(pairs).extracting(PairEntry::first, PairEntry::second, PairEntry::requests).containsExactly(
                org.assertj.core.groups.Tuple.tuple("alice@acme.test", "openai/gpt-4o", 1L),
                org.assertj.core.groups.Tuple.tuple("alice@acme.test", "openai/gpt-4o-mini", 1L),
                org.assertj.core.groups.Tuple.tuple("bob@acme.test", "openai/gpt-4o-mini", 1L));
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void the_platform_admin_sees_platform_totals_equal_to_the_sum_of_the_organizations_per_currency() {
        long globex = fixtures.organization("globex");
        record(globex, "g1", "admin@globex.test", "gpt-4o-mini", TokenCounts.of(5000, 5000), Instant.now());
        UsageOverviewView view = navigate(UsageOverviewView.class);

        List<OrganizationTotals> organizations = totals.allOrganizations(0, 1000);
        Map<String, BigDecimal> expected = organizations.stream().collect(Collectors.groupingBy(
                usage -> usage.monthCost().currency(),
                Collectors.reducing(BigDecimal.ZERO, usage -> usage.monthCost().amount(), BigDecimal::add)));
        List<CurrencyTotals> platform = view.platform.getGenericDataView().getItems().toList();
        assertThat(platform).extracting(CurrencyTotals::currency).containsExactlyInAnyOrderElementsOf(expected.keySet());
        platform.forEach(line -> assertThat(line.monthCost().amount()).isEqualByComparingTo(expected.get(line.currency())));
        assertThat(platform.stream().mapToLong(CurrencyTotals::monthRequests).sum())
                .isEqualTo(organizations.stream().mapToLong(OrganizationTotals::monthRequests).sum()).isGreaterThanOrEqualTo(3);
        assertThat(platform.stream().mapToLong(CurrencyTotals::organizations).sum()).isEqualTo(organizations.size());
        assertThat(test(view.platform).getCellText(0, 0)).isEqualTo(platform.getFirst().currency());
    }
}
