package dev.tokentally.reporting;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import dev.tokentally.organizations.OrganizationLocale;
import dev.tokentally.organizations.OrganizationService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reports over an organization's usage. Totals, breakdowns and series come from the daily rollups
 * (the usage module's published read model); only the session count and the event listing read the
 * ledger. The caller has established which organization may be reported on.
 */
@Service
@Transactional(readOnly = true)
public class UsageReports {

    private static final String ROLLUPS = """
            from usage_daily d left join app_user u on d.user_key = 'user:' || u.id
            where d.organization_id = :organization and d.day between :from and :to""";

    private final JdbcClient jdbc;
    private final OrganizationService organizations;

    UsageReports(JdbcClient jdbc, OrganizationService organizations) {
        this.jdbc = jdbc;
        this.organizations = organizations;
    }

    public MetricsReport metrics(long organizationId, ReportPeriod period) {
        Map<String, Object> params = params(organizationId, period);
        var totals = jdbc.sql("""
                        select coalesce(sum(d.requests), 0), coalesce(sum(d.total_tokens), 0), coalesce(sum(d.billed_cost), 0),
                               count(distinct nullif(d.user_key, ''))
                        """ + ROLLUPS).params(params)
                .query((rs, row) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3), rs.getLong(4)}).single();
        OrganizationLocale locale = organizations.locale(organizationId);
        ZoneId zone = locale.zone();
        long sessions = jdbc.sql("""
                        select count(distinct session_ref) from usage_event
                        where organization_id = ? and occurred_at >= ? and occurred_at < ?""")
                .params(organizationId, Timestamp.from(period.from().atStartOfDay(zone).toInstant()),
                        Timestamp.from(period.to().plusDays(1).atStartOfDay(zone).toInstant()))
                .query(Long.class).single();
        return new MetricsReport(period, locale.currency(), (long) totals[0], (long) totals[1],
                ((BigDecimal) totals[2]).stripTrailingZeros(), (long) totals[3], sessions,
                breakdown(params, GroupBy.USER), breakdown(params, GroupBy.AGENT), breakdown(params, GroupBy.MODEL));
    }

    /** Every bucket of the period for every group that has usage in it, zeros included. */
    public List<SeriesPoint> costSeries(long organizationId, ReportPeriod period, Granularity granularity, GroupBy groupBy,
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
                              and (cast(:model as text) is null or d.model = :model or d.provider || '/' || d.model = :model)
                              and (cast(:user as text) is null or u.email = :user or d.user_key = 'external:' || :user)
                              and (cast(:agent as text) is null or d.agent = :agent)
                            group by 1, 2),
                        keys as (select distinct key from usage
                                 union select 'all' where :grouped = false or not exists (select 1 from usage))
                        select b.bucket, k.key, coalesce(u.requests, 0), coalesce(u.tokens, 0), coalesce(u.cost, 0)
                        from buckets b cross join keys k
                        left join usage u on u.bucket = b.bucket and u.key = k.key
                        order by b.bucket, k.key""".formatted(unit, groupBy.sql, ROLLUPS))
                .params(params(organizationId, period))
                .param("model", filter.model()).param("user", filter.user()).param("agent", filter.agent())
                .param("grouped", groupBy != GroupBy.NONE)
                .query((rs, row) -> new SeriesPoint(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getBigDecimal(5).stripTrailingZeros()))
                .list();
    }

    public String currencyOf(long organizationId) {
        return organizations.locale(organizationId).currency();
    }

    public LocalDate todayOf(long organizationId, Instant now) {
        return organizations.locale(organizationId).dayOf(now);
    }

    private List<Breakdown> breakdown(Map<String, Object> params, GroupBy groupBy) {
        return jdbc.sql("select " + groupBy.sql + " as key, sum(d.requests), sum(d.total_tokens), sum(d.billed_cost) "
                        + ROLLUPS + " group by 1 order by 4 desc, 3 desc, 1")
                .params(params)
                .query((rs, row) -> new Breakdown(rs.getString(1), rs.getLong(2), rs.getLong(3),
                        rs.getBigDecimal(4).stripTrailingZeros()))
                .list();
    }


    private static Map<String, Object> params(long organizationId, ReportPeriod period) {
        return Map.of("organization", organizationId, "from", Date.valueOf(period.from()), "to", Date.valueOf(period.to()));
    }
}
