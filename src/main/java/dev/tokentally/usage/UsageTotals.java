package dev.tokentally.usage;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tokentally.base.Money;
import dev.tokentally.organizations.OrganizationService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Totals of an organization read from the daily rollups, never from the ledger itself. Days are the
 * organization's local days. The caller has checked who may see which organization or member.
 */
@Service
@Transactional(readOnly = true)
public class UsageTotals {

    /** What a top list groups by. */
    public enum Dimension {
        USER, MODEL, AGENT, TEAM
    }

    /**
     * Which usage a total counts: one member's, one agent's, some teams' (a team with its sub-teams) or one key's
     * (each null for any), all of them at once.
     */
    public record Filter(Long userId, String agent, List<Long> teamIds, Long apiKeyId) {

        public static Filter of(Long userId, String agent) {
            return new Filter(userId, agent, null, null);
        }
    }

    /** The filter's conditions on {@code usage_daily d}, each a no-op when its parameter is null. */
    private static final String FILTER = """

             and (cast(:user as text) is null or d.user_key = :user)
             and (cast(:agent as text) is null or d.agent = :agent)
             and (cast(:teams as bigint[]) is null or d.team_id = any(cast(:teams as bigint[])))
             and (cast(:key as bigint) is null or d.api_key_id = cast(:key as bigint))""";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final OrganizationService organizations;

    UsageTotals(JdbcClient jdbc, Clock clock, OrganizationService organizations) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.organizations = organizations;
    }

    /** Today in the organization's time zone; {@code userId} narrows it to one member. */
    public UsageSummary today(long organizationId, Long userId) {
        LocalDate today = today(organizationId);
        return between(organizationId, userId, today, today);
    }

    /** From the first of this month through today. */
    public UsageSummary monthToDate(long organizationId, Long userId) {
        LocalDate today = today(organizationId);
        return between(organizationId, userId, today.withDayOfMonth(1), today);
    }

    public UsageSummary between(long organizationId, Long userId, LocalDate from, LocalDate to) {
        String currency = currency(organizationId);
        Instant now = clock.instant();
        return jdbc.sql("""
                        select coalesce(sum(requests), 0), coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0),
                               coalesce(sum(total_tokens), 0), coalesce(sum(billed_cost), 0), coalesce(sum(unpriced_events), 0)
                        from usage_daily
                        where organization_id = :organization and day between :from and :to
                          and (cast(:user as text) is null or user_key = :user)""")
                .param("organization", organizationId).param("from", Date.valueOf(from)).param("to", Date.valueOf(to))
                .param("user", userKey(userId))
                .query((rs, row) -> new UsageSummary(from, to, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        new Money(rs.getBigDecimal(5).stripTrailingZeros(), currency), rs.getLong(6), now))
                .single();
    }

    /** A page of every organization's today and month to date, for platform admins; biggest month first. */
    public List<OrganizationUsage> allOrganizations(int offset, int limit) {
        return jdbc.sql("""
                        with local as (
                            select o.id, o.name, o.currency,
                                   (cast(:now as timestamptz) at time zone o.time_zone)::date as today
                            from organization o)
                        select l.id, l.name, l.currency,
                               coalesce(sum(d.requests) filter (where d.day = l.today), 0),
                               coalesce(sum(d.total_tokens) filter (where d.day = l.today), 0),
                               coalesce(sum(d.billed_cost) filter (where d.day = l.today), 0),
                               coalesce(sum(d.requests), 0), coalesce(sum(d.total_tokens), 0), coalesce(sum(d.billed_cost), 0)
                        from local l
                        left join usage_daily d on d.organization_id = l.id
                             and d.day between date_trunc('month', l.today)::date and l.today
                        group by l.id, l.name, l.currency
                        order by 8 desc, l.name, l.id
                        offset :offset limit :limit""")
                .param("now", java.sql.Timestamp.from(clock.instant())).param("offset", offset).param("limit", limit)
                .query((rs, row) -> new OrganizationUsage(rs.getLong(1), rs.getString(2), rs.getLong(4), rs.getLong(5),
                        new Money(rs.getBigDecimal(6).stripTrailingZeros(), rs.getString(3)), rs.getLong(7), rs.getLong(8),
                        new Money(rs.getBigDecimal(9).stripTrailingZeros(), rs.getString(3))))
                .list();
    }

    /** The biggest users, models, agents or teams of this month by cost, then tokens. */
    public List<TopEntry> topThisMonth(long organizationId, Long userId, Dimension dimension, int limit) {
        LocalDate today = today(organizationId);
        return top(organizationId, userId, null, dimension, today.withDayOfMonth(1), today, limit);
    }

    /** The biggest users, models or agents of the days, optionally of one member or agent only. */
    public List<TopEntry> top(long organizationId, Long userId, String agent, Dimension dimension, LocalDate from,
                              LocalDate to, int limit) {
        return top(organizationId, Filter.of(userId, agent), dimension, from, to, limit);
    }

    /** The biggest users, models or agents of the days among the usage the filter counts. */
    public List<TopEntry> top(long organizationId, Filter filter, Dimension dimension, LocalDate from, LocalDate to,
                              int limit) {
        String currency = currency(organizationId);
        String label = switch (dimension) {
            case USER -> "coalesce(u.display_name, nullif(substring(d.user_key from 10), ''), 'unattributed')";
            case MODEL -> "d.provider || '/' || d.model";
            case AGENT -> "coalesce(nullif(d.agent, ''), 'no agent')";
            case TEAM -> "coalesce(t.name, 'no team')";
        };
        return jdbc.sql("select " + label + """
                         as label, sum(d.requests), sum(d.total_tokens), sum(d.billed_cost)
                        from usage_daily d left join app_user u on d.user_key = 'user:' || u.id
                             left join team t on t.id = d.team_id
                        where d.organization_id = :organization and d.day between :from and :to""" + FILTER + """

                        group by 1 order by 4 desc, 3 desc limit :limit""")
                .param("organization", organizationId).param("from", Date.valueOf(from))
                .param("to", Date.valueOf(to)).params(filterParams(filter)).param("limit", limit)
                .query((rs, row) -> new TopEntry(rs.getString(1), rs.getLong(2), rs.getLong(3),
                        new Money(rs.getBigDecimal(4).stripTrailingZeros(), currency)))
                .list();
    }

    /** Billed cost of the days (in the organization's currency), optionally of one member or one agent only. */
    public BigDecimal spent(long organizationId, Long userId, String agent, LocalDate from, LocalDate to) {
        return spent(organizationId, Filter.of(userId, agent), from, to);
    }

    /** Billed cost of the days (in the organization's currency) of the usage the filter counts. */
    public BigDecimal spent(long organizationId, Filter filter, LocalDate from, LocalDate to) {
        Subquery spent = spentSubquery(organizationId, filter, from, to);
        return jdbc.sql(spent.sql()).params(spent.params()).query(BigDecimal.class).single();
    }

    /** SQL yielding one value, and its named parameters. */
    public record Subquery(String sql, Map<String, Object> params) {
    }

    /**
     * {@link #spent(long, Filter, LocalDate, LocalDate)} as a scalar subquery, for a caller that must read it in one
     * statement (one snapshot) with rows of its own. Its parameters are named organization, from, to, user, agent,
     * teams and key.
     */
    public Subquery spentSubquery(long organizationId, Filter filter, LocalDate from, LocalDate to) {
        Map<String, Object> params = filterParams(filter);
        params.put("organization", organizationId);
        params.put("from", Date.valueOf(from));
        params.put("to", Date.valueOf(to));
        return new Subquery("""
                select coalesce(sum(d.billed_cost), 0) from usage_daily d
                where d.organization_id = :organization and d.day between :from and :to""" + FILTER, params);
    }

    private static Map<String, Object> filterParams(Filter filter) {
        Map<String, Object> params = new HashMap<>();
        params.put("user", userKey(filter.userId()));
        params.put("agent", filter.agent());
        params.put("teams", filter.teamIds() == null ? null : filter.teamIds().toArray(Long[]::new));
        params.put("key", filter.apiKeyId());
        return params;
    }

    private LocalDate today(long organizationId) {
        return organizations.locale(organizationId).today(clock);
    }

    private String currency(long organizationId) {
        return organizations.locale(organizationId).currency();
    }

    static String userKey(Long userId) {
        return userId == null ? null : "user:" + userId;
    }
}
