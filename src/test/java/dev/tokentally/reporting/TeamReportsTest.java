package dev.tokentally.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.tokentally.accounts.SignedInUser;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.Granularity;
import dev.tokentally.usage.SeriesPoint;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

@TokentallyTest
class TeamReportsTest {

    static final ReportPeriod NOVEMBER = new ReportPeriod(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30));

    @Autowired
    UsageReports reports;
    @Autowired
    ReportScopes scopes;
    @Autowired
    UsageRecorder recorder;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;

    @Autowired
    Fixtures fixtures;
    long acme;
    long alpha;
    long beta;
    long ciKey;

    @BeforeEach
    void teamsAndUsage() {
        Fixtures.AlphaAndBeta teams = fixtures.alphaManagedByBob();
        acme = teams.acme();
        alpha = teams.alpha();
        beta = teams.beta();
        ciKey = fixtures.apiKey("acme", "ci").id();
        long alice = fixtures.user("alice@acme.test");
        long bob = fixtures.user("bob@acme.test");
        record("r1", alice, null, "gpt-4o-mini", TokenCounts.of(1000, 500), alpha, ciKey, "2026-11-03T10:00:00Z");
        record("r2", bob, null, "gpt-4o", TokenCounts.of(2000, 100), alpha, null, "2026-11-04T10:00:00Z");
        record("r3", alice, null, "gpt-4o-mini", TokenCounts.of(3000, 0), beta, ciKey, "2026-11-04T11:00:00Z");
        record("r4", null, "ext-1", "gpt-4o", TokenCounts.of(700, 70), null, ciKey, "2026-11-05T10:00:00Z");
        record("r5", null, "ext-2", "gpt-4o-mini", TokenCounts.of(50, 5), null, null, "2026-11-06T10:00:00Z");
        record("r6", bob, null, "gpt-4o-mini", TokenCounts.of(10, 10), alpha, null, "2026-11-06T12:00:00Z");
    }

    private void record(String key, Long user, String external, String model, TokenCounts tokens, Long team, Long apiKey,
                        String at) {
        recorder.record(acme, new ReportedCall(key, "openai", model, tokens, Attribution.of(user, external, null, null), null,
                Instant.parse(at), null, null, false, UsageSource.API).withTeam(team).withApiKey(apiKey));
    }

    @Test
    void the_rollups_by_team_and_by_key_equal_the_ledger() {
        MetricsReport metrics = reports.metrics(ReportScope.organization(acme), NOVEMBER);

        assertThat(byKey(metrics.teams())).isEqualTo(ledger("coalesce(t.name, 'no team')", "left join team t on t.id = e.team_id"));
        assertThat(byKey(metrics.apiKeys())).isEqualTo(ledger("coalesce(k.name, 'no key')", "left join api_key k on k.id = e.api_key_id"));
        assertThat(byKey(metrics.teams())).containsOnlyKeys("Alpha", "Beta", "no team");
        assertThat(metrics.teams().stream().filter(row -> row.key().equals("Alpha")).findFirst().orElseThrow().requests())
                .isEqualTo(3);
        assertThat(byKey(metrics.apiKeys())).containsOnlyKeys("ci", "no key");
    }

    private static Map<String, String> byKey(List<Breakdown> rows) {
        return rows.stream().collect(Collectors.toMap(Breakdown::key,
                row -> row.requests() + " " + row.totalTokens() + " " + row.cost().stripTrailingZeros().toPlainString()));
    }

    /** The same figures summed straight from usage_event, to compare the rollups with. */
    private Map<String, String> ledger(String label, String join) {
        return jdbc.sql("select " + label + ", sum(e.request_count), sum(e.input_tokens + e.output_tokens), sum(e.billed_cost)"
                        + " from usage_event e " + join + " where e.organization_id = ?"
                        + " and e.occurred_at >= '2026-10-31T23:00:00Z' and e.occurred_at < '2026-11-30T23:00:00Z' group by 1")
                .param(acme)
                .query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2) + " " + rs.getLong(3) + " "
                        + rs.getBigDecimal(4).stripTrailingZeros().toPlainString()))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void cost_over_time_splits_by_team_and_by_key_and_filters_by_either() {
        List<SeriesPoint> byTeam = reports.costSeries(ReportScope.organization(acme), NOVEMBER, Granularity.MONTH,
                GroupBy.TEAM, SeriesFilter.none());
        assertThat(byTeam).extracting(SeriesPoint::key).containsExactly("Alpha", "Beta", "no team");
        assertThat(byTeam).extracting(SeriesPoint::totalTokens).containsExactly(3620L, 3000L, 825L);

        List<SeriesPoint> byKey = reports.costSeries(ReportScope.organization(acme), NOVEMBER, Granularity.MONTH,
                GroupBy.API_KEY, new SeriesFilter(null, null, null, alpha, null));
        assertThat(byKey).extracting(SeriesPoint::key).containsExactly("ci", "no key");
        assertThat(byKey).extracting(SeriesPoint::totalTokens).containsExactly(1500L, 2120L);

        List<SeriesPoint> noKey = reports.costSeries(ReportScope.organization(acme), NOVEMBER, Granularity.MONTH,
                GroupBy.NONE, new SeriesFilter(null, null, null, 0L, 0L));
        assertThat(noKey).singleElement().extracting(SeriesPoint::totalTokens).isEqualTo(55L);
    }

    @Test
    void a_team_manager_sees_only_their_teams_and_a_filter_cannot_widen_it() {
        long alphaOne = fixtures.subTeam(alpha, "rt-alpha-1", "Alpha One");
        ReportScope bobs = scopes.of((SignedInUser) users.loadUserByUsername("bob@acme.test"));

        assertThat(bobs).as("Alpha and its sub-team").isEqualTo(ReportScope.teams(acme, java.util.Set.of(alpha, alphaOne)));
        MetricsReport metrics = reports.metrics(bobs, NOVEMBER);
        assertThat(metrics.totalTokens()).isEqualTo(3620);
        assertThat(metrics.teams()).extracting(Breakdown::key).containsExactly("Alpha");
        assertThat(reports.teams(bobs)).extracting(ReportChoice::label).containsExactly("Alpha", "Alpha One");
        assertThat(reports.team(bobs, "rt-beta")).isEmpty();
        assertThat(reports.summary(bobs, new SeriesFilter(null, null, null, beta, null), NOVEMBER).requests()).isZero();
        assertThat(reports.summary(bobs, new SeriesFilter(null, null, null, 0L, null), NOVEMBER).requests()).isZero();
        assertThat(reports.summary(bobs, SeriesFilter.none(), NOVEMBER).cost().amount())
                .isEqualByComparingTo(metrics.totalCost());
    }

    @Test
    void a_member_who_manages_no_team_sees_their_own_usage_and_an_org_admin_everything() {
        ReportScope alices = scopes.of((SignedInUser) users.loadUserByUsername("alice@acme.test"));
        ReportScope admins = scopes.of((SignedInUser) users.loadUserByUsername("admin@acme.test"));

        assertThat(alices).isEqualTo(ReportScope.member(acme, fixtures.user("alice@acme.test")));
        assertThat(reports.summary(alices, SeriesFilter.none(), NOVEMBER).totalTokens()).isEqualTo(4500);
        assertThat(reports.summary(admins, SeriesFilter.none(), NOVEMBER).totalTokens()).isEqualTo(7445);
        assertThat(reports.summary(admins, SeriesFilter.none(), NOVEMBER).cost().amount()).isEqualByComparingTo(
                jdbc.sql("select sum(billed_cost) from usage_event where organization_id = ? and idempotency_key like 'r_'")
                        .param(acme)
                        .query(BigDecimal.class).single());
    }
}
