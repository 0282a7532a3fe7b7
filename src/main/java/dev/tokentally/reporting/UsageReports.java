package dev.tokentally.reporting;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.tokentally.base.Money;
import dev.tokentally.organizations.OrganizationLocale;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.usage.TopEntry;
import dev.tokentally.usage.UsageSummary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reports over an organization's usage, within a {@link ReportScope}. Totals, breakdowns and series come from
 * the daily rollups (the usage module's published read model), team and API key included; only the session
 * count and the event listing read the ledger. The caller has established the scope from who is asking.
 */
@Service
@Transactional(readOnly = true)
public class UsageReports {

    /** The rollups of the scope, period and filter; {@link GroupBy} labels refer to its aliases. */
    private static final String ROLLUPS = """
            from usage_daily d left join app_user u on d.user_key = 'user:' || u.id
                 left join team t on t.id = d.team_id left join api_key k on k.id = d.api_key_id
            where d.organization_id = :organization and d.day between :from and :to
              and (cast(:allTeams as boolean) or d.team_id in (:teams))
              and (cast(:scopeUser as text) is null or d.user_key = :scopeUser)
              and (cast(:model as text) is null or d.model = :model or d.provider || '/' || d.model = :model)
              and (cast(:user as text) is null or u.email = :user or d.user_key = 'external:' || :user)
              and (cast(:agent as text) is null or d.agent = :agent)
              and (cast(:team as bigint) is null or d.team_id = :team)
              and (cast(:apiKey as bigint) is null or d.api_key_id = :apiKey)""";
    /** How the dashboard's top lists name members: by name rather than email. */
    private static final String MEMBER_NAME = "coalesce(u.display_name, nullif(substring(d.user_key from 10), ''), 'unattributed')";

    private final JdbcClient jdbc;
    private final OrganizationService organizations;
    private final Clock clock;

    UsageReports(JdbcClient jdbc, OrganizationService organizations, Clock clock) {
        this.jdbc = jdbc;
        this.organizations = organizations;
        this.clock = clock;
    }

    public MetricsReport metrics(ReportScope scope, ReportPeriod period) {
        Map<String, Object> params = params(scope, period, SeriesFilter.none());
        var totals = jdbc.sql("""
                        select coalesce(sum(d.requests), 0), coalesce(sum(d.total_tokens), 0), coalesce(sum(d.billed_cost), 0),
                               count(distinct nullif(d.user_key, ''))
                        """ + ROLLUPS).params(params)
                .query((rs, row) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3), rs.getLong(4)}).single();
        OrganizationLocale locale = organizations.locale(scope.organizationId());
        ZoneId zone = locale.zone();
        long sessions = jdbc.sql("""
                        select count(distinct e.session_ref) from usage_event e
                        where e.organization_id = :organization and e.occurred_at >= :start and e.occurred_at < :end
                          and (cast(:allTeams as boolean) or coalesce(e.team_id, 0) in (:teams))
                          and (cast(:scopeUser as text) is null or 'user:' || e.user_id = :scopeUser)""")
                .params(params)
                .param("start", Timestamp.from(period.from().atStartOfDay(zone).toInstant()))
                .param("end", Timestamp.from(period.to().plusDays(1).atStartOfDay(zone).toInstant()))
                .query(Long.class).single();
        return new MetricsReport(period, locale.currency(), (long) totals[0], (long) totals[1],
                ((BigDecimal) totals[2]).stripTrailingZeros(), (long) totals[3], sessions,
                breakdown(params, GroupBy.USER.sql), breakdown(params, GroupBy.AGENT.sql), breakdown(params, GroupBy.MODEL.sql),
                breakdown(params, GroupBy.TEAM.sql), breakdown(params, GroupBy.API_KEY.sql));
    }

    /** Every bucket of the period for every group that has usage in it, zeros included. */
    public List<SeriesPoint> costSeries(ReportScope scope, ReportPeriod period, Granularity granularity, GroupBy groupBy,
                                        SeriesFilter filter) {
        String unit = granularity.name().toLowerCase();
        return jdbc.sql("""
                        with buckets as (
                            select distinct date_trunc('%1$s', day)::date as bucket
                            from generate_series(cast(:from as date), cast(:to as date), interval '1 day') day),
                        usage as (
                            select date_trunc('%1$s', d.day)::date as bucket, %2$s as key, sum(d.requests) as requests,
                                   sum(d.total_tokens) as tokens, sum(d.billed_cost) as cost
                            %3$s
                            group by 1, 2),
                        keys as (select distinct key from usage
                                 union select 'all' where :grouped = false or not exists (select 1 from usage))
                        select b.bucket, k.key, coalesce(u.requests, 0), coalesce(u.tokens, 0), coalesce(u.cost, 0)
                        from buckets b cross join keys k
                        left join usage u on u.bucket = b.bucket and u.key = k.key
                        order by b.bucket, k.key""".formatted(unit, groupBy.sql, ROLLUPS))
                .params(params(scope, period, filter))
                .param("grouped", groupBy != GroupBy.NONE)
                .query((rs, row) -> new SeriesPoint(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getBigDecimal(5).stripTrailingZeros()))
                .list();
    }

    /** The scope's totals over the days, as the dashboard's figures show them. */
    public UsageSummary summary(ReportScope scope, SeriesFilter filter, ReportPeriod period) {
        String currency = currencyOf(scope.organizationId());
        Instant now = clock.instant();
        return jdbc.sql("""
                        select coalesce(sum(d.requests), 0), coalesce(sum(d.input_tokens), 0), coalesce(sum(d.output_tokens), 0),
                               coalesce(sum(d.total_tokens), 0), coalesce(sum(d.billed_cost), 0), coalesce(sum(d.unpriced_events), 0)
                        """ + ROLLUPS)
                .params(params(scope, period, filter))
                .query((rs, row) -> new UsageSummary(period.from(), period.to(), rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getLong(4), new Money(rs.getBigDecimal(5).stripTrailingZeros(), currency), rs.getLong(6), now))
                .single();
    }

    /** The biggest groups of the days by cost, then tokens; members by name. */
    public List<TopEntry> top(ReportScope scope, SeriesFilter filter, GroupBy groupBy, ReportPeriod period, int limit) {
        String currency = currencyOf(scope.organizationId());
        String label = groupBy == GroupBy.USER ? MEMBER_NAME : groupBy.sql;
        return jdbc.sql("select " + label + " as label, sum(d.requests), sum(d.total_tokens), sum(d.billed_cost) " + ROLLUPS
                        + " group by 1 order by 4 desc, 3 desc, 1 limit :limit")
                .params(params(scope, period, filter)).param("limit", limit)
                .query((rs, row) -> new TopEntry(rs.getString(1), rs.getLong(2), rs.getLong(3),
                        new Money(rs.getBigDecimal(4).stripTrailingZeros(), currency)))
                .list();
    }

    /** One team's usage by model and member over the period, for its chargeback statement; biggest model first. */
    public List<UsageLine> teamLines(long organizationId, long teamId, ReportPeriod period) {
        return jdbc.sql("select d.provider || '/' || d.model, " + GroupBy.USER.sql + ", sum(d.requests), sum(d.total_tokens),"
                        + " sum(d.billed_cost), sum(d.unpriced_events) " + ROLLUPS + " group by 1, 2 order by 1, 2")
                .params(params(ReportScope.teams(organizationId, Set.of(teamId)), period, SeriesFilter.none()))
                .query((rs, row) -> new UsageLine(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getBigDecimal(5), rs.getLong(6)))
                .list();
    }

    /** The teams the scope may be filtered by, by name; "no team" (id 0) too when the scope is not restricted to teams. */
    public List<ReportChoice> teams(ReportScope scope) {
        List<ReportChoice> teams = new ArrayList<>(jdbc.sql("""
                        select id, slug, name from team where organization_id = :organization
                          and (cast(:allTeams as boolean) or id in (:teams)) order by name, id""")
                .params(params(scope, null, SeriesFilter.none()))
                .query((rs, row) -> new ReportChoice(rs.getLong(1), rs.getString(2), rs.getString(3))).list());
        if (scope.allTeams()) {
            teams.add(new ReportChoice(0, "none", "no team"));
        }
        return teams;
    }

    /** A team of the scope by slug (or else name); empty when there is none or it is outside the scope. */
    public Optional<ReportChoice> team(ReportScope scope, String slugOrName) {
        return jdbc.sql("""
                        select id, slug, name from team where organization_id = :organization and (slug = :given or name = :given)
                          and (cast(:allTeams as boolean) or id in (:teams))
                        order by slug = :given desc, id limit 1""")
                .params(params(scope, null, SeriesFilter.none())).param("given", slugOrName)
                .query((rs, row) -> new ReportChoice(rs.getLong(1), rs.getString(2), rs.getString(3))).optional();
    }

    /** The API keys that have usage within the scope, by name. */
    public List<ReportChoice> apiKeys(ReportScope scope) {
        return jdbc.sql("""
                        select k.id, k.name from api_key k where k.organization_id = :organization and k.id in (
                            select distinct d.api_key_id from usage_daily d where d.organization_id = :organization
                              and (cast(:allTeams as boolean) or d.team_id in (:teams))
                              and (cast(:scopeUser as text) is null or d.user_key = :scopeUser))
                        order by k.name, k.id""")
                .params(params(scope, null, SeriesFilter.none()))
                .query((rs, row) -> new ReportChoice(rs.getLong(1), String.valueOf(rs.getLong(1)), rs.getString(2))).list();
    }

    public String currencyOf(long organizationId) {
        return organizations.locale(organizationId).currency();
    }

    public LocalDate todayOf(long organizationId, Instant now) {
        return organizations.locale(organizationId).dayOf(now);
    }

    private List<Breakdown> breakdown(Map<String, Object> params, String label) {
        return jdbc.sql("select " + label + " as key, sum(d.requests), sum(d.total_tokens), sum(d.billed_cost) "
                        + ROLLUPS + " group by 1 order by 4 desc, 3 desc, 1")
                .params(params)
                .query((rs, row) -> new Breakdown(rs.getString(1), rs.getLong(2), rs.getLong(3),
                        rs.getBigDecimal(4).stripTrailingZeros()))
                .list();
    }

    private static Map<String, Object> params(ReportScope scope, ReportPeriod period, SeriesFilter filter) {
        Map<String, Object> params = new HashMap<>();
        params.put("organization", scope.organizationId());
        if (period != null) {
            params.put("from", Date.valueOf(period.from()));
            params.put("to", Date.valueOf(period.to()));
        }
        params.put("allTeams", scope.allTeams());
        // Never an empty list: "in ()" is not SQL, and an empty scope must match nothing.
        params.put("teams", scope.allTeams() || scope.teams().isEmpty() ? List.of(-1L) : List.copyOf(scope.teams()));
        params.put("scopeUser", scope.userId() == null ? null : "user:" + scope.userId());
        params.put("model", filter.model());
        params.put("user", filter.user());
        params.put("agent", filter.agent());
        params.put("team", filter.team());
        params.put("apiKey", filter.apiKey());
        return params;
    }
}
