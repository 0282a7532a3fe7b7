package dev.tokentally.usage;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tokentally.accounts.MemberDirectory;
import dev.tokentally.base.Money;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.organizations.TeamDirectory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rollups' read model: totals, top lists, breakdowns and series of an organization's usage, read from the daily
 * rollups, never from the ledger itself. Days are the organization's local days. Members, teams and keys are named as
 * their owner ({@code organizations}) names them. The caller has checked who may see which organization or member.
 */
@Service
@Transactional(readOnly = true)
public class UsageTotals {

    /** What a top list, breakdown or series groups by, and how it labels each group. */
    public enum Dimension {
        NONE("'all'"),
        MODEL("d.provider || '/' || d.model"),
        /** Members by name. */
        USER("coalesce(u.display_name, nullif(" + RollupUserKey.externalNameSql("d.user_key") + ", ''), 'unattributed')"),
        /** Members by email. */
        USER_EMAIL("coalesce(u.email, nullif(" + RollupUserKey.externalNameSql("d.user_key") + ", ''), 'unattributed')"),
        AGENT("coalesce(nullif(d.agent, ''), 'no agent')"),
        TEAM("coalesce(t.name, 'no team')"),
        API_KEY("coalesce(k.name, 'no key')");

        private final String label;

        Dimension(String label) {
            this.label = label;
        }
    }

    /**
     * Which usage a total counts, each null for any, all of them at once: one member's, some teams' (0: usage of no
     * team), a model's (provider/model or just model), a member's by email or an external user's by name, an agent's,
     * one team's and one key's (0: usage of no key).
     */
    public record Filter(Long userId, List<Long> teamIds, String model, String user, String agent, Long team,
                         Long apiKeyId) {

        public Filter(Long userId, String agent, List<Long> teamIds, Long apiKeyId) {
            this(userId, teamIds, null, null, agent, null, apiKeyId);
        }

        public static Filter of(Long userId, String agent) {
            return new Filter(userId, agent, null, null);
        }
    }

    /** SQL yielding one value, and its named parameters. */
    public record Subquery(String sql, Map<String, Object> params) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final OrganizationService organizations;
    private final MemberDirectory members;
    private final TeamDirectory teams;
    private final ApiKeys apiKeys;

    UsageTotals(JdbcClient jdbc, Clock clock, OrganizationService organizations, MemberDirectory members,
                TeamDirectory teams, ApiKeys apiKeys) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.organizations = organizations;
        this.members = members;
        this.teams = teams;
        this.apiKeys = apiKeys;
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
        return summary(organizationId, Filter.of(userId, null), from, to);
    }

    /** The totals of the days among the usage the filter counts. */
    public UsageSummary summary(long organizationId, Filter filter, LocalDate from, LocalDate to) {
        String currency = currency(organizationId);
        Instant now = clock.instant();
        Rows rows = rows(organizationId, filter, from, to, Dimension.NONE);
        return jdbc.sql("""
                        select coalesce(sum(d.requests), 0), coalesce(sum(d.input_tokens), 0), coalesce(sum(d.output_tokens), 0),
                               coalesce(sum(d.total_tokens), 0), coalesce(sum(d.billed_cost), 0), coalesce(sum(d.unpriced_events), 0)
                        """ + rows.sql())
                .params(rows.params())
                .query((rs, row) -> new UsageSummary(from, to, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        new Money(rs.getBigDecimal(5).stripTrailingZeros(), currency), rs.getLong(6), now))
                .single();
    }

    /** How many members and external users have usage among what the filter counts. */
    public long users(long organizationId, Filter filter, LocalDate from, LocalDate to) {
        Rows rows = rows(organizationId, filter, from, to, Dimension.NONE);
        return jdbc.sql("select count(distinct nullif(d.user_key, '')) " + rows.sql()).params(rows.params())
                .query(Long.class).single();
    }

    /** A page of every organization's today and month to date, for platform admins; biggest month first. */
    public List<OrganizationTotals> allOrganizations(int offset, int limit) {
        return jdbc.sql(PER_ORGANIZATION + " select * from per_organization order by month_cost desc, name, id"
                        + " offset :offset limit :limit")
                .params(localDays()).param("offset", offset).param("limit", limit)
                .query((rs, row) -> new OrganizationTotals(rs.getLong("id"), rs.getString("name"),
                        rs.getLong("today_requests"), rs.getLong("today_tokens"), money(rs, "today_cost"),
                        rs.getLong("month_requests"), rs.getLong("month_tokens"), money(rs, "month_cost")))
                .list();
    }

    /**
     * The platform's today and month to date summed over every organization, one line per billing currency (amounts
     * of different currencies are never added); each organization's days in its own time zone.
     */
    public List<CurrencyTotals> platformTotals() {
        return jdbc.sql(PER_ORGANIZATION + """
                         select currency, count(*) as organizations, sum(today_requests) as today_requests,
                                sum(today_tokens) as today_tokens, sum(today_cost) as today_cost,
                                sum(month_requests) as month_requests, sum(month_tokens) as month_tokens,
                                sum(month_cost) as month_cost
                         from per_organization group by currency order by currency""")
                .params(localDays())
                .query((rs, row) -> new CurrencyTotals(rs.getString("currency"), rs.getLong("organizations"),
                        rs.getLong("today_requests"), rs.getLong("today_tokens"), money(rs, "today_cost"),
                        rs.getLong("month_requests"), rs.getLong("month_tokens"), money(rs, "month_cost")))
                .list();
    }

    /** Each organization's today and month to date in its own time zone and currency; parameters from {@link #localDays}. */
    private static final String PER_ORGANIZATION = """
            with local as (
                select * from unnest(cast(:ids as bigint[]), cast(:names as text[]), cast(:currencies as text[]),
                                     cast(:todays as date[])) as l(id, name, currency, today)),
            per_organization as (
                select l.id, l.name, l.currency,
                       coalesce(sum(d.requests) filter (where d.day = l.today), 0) as today_requests,
                       coalesce(sum(d.total_tokens) filter (where d.day = l.today), 0) as today_tokens,
                       coalesce(sum(d.billed_cost) filter (where d.day = l.today), 0) as today_cost,
                       coalesce(sum(d.requests), 0) as month_requests, coalesce(sum(d.total_tokens), 0) as month_tokens,
                       coalesce(sum(d.billed_cost), 0) as month_cost
                from local l
                left join usage_daily d on d.organization_id = l.id
                     and d.day between date_trunc('month', l.today)::date and l.today
                group by l.id, l.name, l.currency)
            """;

    /** Every organization's name, currency and today, as the organizations module has them now. */
    private Map<String, Object> localDays() {
        Instant now = clock.instant();
        List<Long> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> currencies = new ArrayList<>();
        List<String> todays = new ArrayList<>();
        organizations.allLocales().forEach((id, locale) -> {
            ids.add(id);
            names.add(locale.name());
            currencies.add(locale.currency());
            todays.add(locale.dayOf(now).toString());
        });
        return Map.of("ids", ids.toArray(Long[]::new), "names", names.toArray(String[]::new),
                "currencies", currencies.toArray(String[]::new), "todays", todays.toArray(String[]::new));
    }

    private static Money money(ResultSet rs, String column) throws SQLException {
        return new Money(rs.getBigDecimal(column).stripTrailingZeros(), rs.getString("currency"));
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

    /** The biggest groups of the days among the usage the filter counts, by cost, then tokens, then label. */
    public List<TopEntry> top(long organizationId, Filter filter, Dimension dimension, LocalDate from, LocalDate to,
                              int limit) {
        String currency = currency(organizationId);
        Rows rows = rows(organizationId, filter, from, to, dimension);
        return jdbc.sql("select " + dimension.label + " as label, sum(d.requests), sum(d.total_tokens), sum(d.billed_cost) "
                        + rows.sql() + " group by 1 order by 4 desc, 3 desc, 1 limit :limit")
                .params(rows.params()).param("limit", limit)
                .query((rs, row) -> new TopEntry(rs.getString(1), rs.getLong(2), rs.getLong(3),
                        new Money(rs.getBigDecimal(4).stripTrailingZeros(), currency)))
                .list();
    }

    /** Every group of the days among the usage the filter counts, biggest first (as {@link #top}). */
    public List<TopEntry> breakdown(long organizationId, Filter filter, Dimension dimension, LocalDate from, LocalDate to) {
        return top(organizationId, filter, dimension, from, to, Integer.MAX_VALUE);
    }

    /** Every bucket of the days for every group that has usage in it, zeros included. */
    public List<SeriesPoint> series(long organizationId, Filter filter, LocalDate from, LocalDate to,
                                    Granularity granularity, Dimension dimension) {
        Rows rows = rows(organizationId, filter, from, to, dimension);
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
                        order by b.bucket, k.key""".formatted(granularity.name().toLowerCase(), dimension.label, rows.sql()))
                .params(rows.params()).param("grouped", dimension != Dimension.NONE)
                .query((rs, row) -> new SeriesPoint(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getBigDecimal(5).stripTrailingZeros()))
                .list();
    }

    /** The usage the filter counts by model and member (by email), for a chargeback statement; by model, then member. */
    public List<UsageLine> byModelAndMember(long organizationId, Filter filter, LocalDate from, LocalDate to) {
        return pairs(organizationId, filter, Dimension.MODEL, Dimension.USER_EMAIL, from, to).stream()
                .map(pair -> new UsageLine(pair.first(), pair.second(), pair.requests(), pair.totalTokens(), pair.cost(),
                        pair.unpricedEvents()))
                .toList();
    }

    /** The usage the filter counts by two dimensions at once (say team × model); by the first, then the second. */
    public List<PairEntry> pairs(long organizationId, Filter filter, Dimension first, Dimension second, LocalDate from,
                                 LocalDate to) {
        Rows rows = rows(organizationId, filter, from, to, first, second);
        return jdbc.sql("select " + first.label + ", " + second.label + ", sum(d.requests), sum(d.total_tokens),"
                        + " sum(d.billed_cost), sum(d.unpriced_events) " + rows.sql() + " group by 1, 2 order by 1, 2")
                .params(rows.params())
                .query((rs, row) -> new PairEntry(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getBigDecimal(5).stripTrailingZeros(), rs.getLong(6)))
                .list();
    }

    /** Input, cache-read and cache-write tokens of the days per provider (providers count them differently). */
    public List<ProviderInput> inputByProvider(long organizationId, Filter filter, LocalDate from, LocalDate to) {
        Rows rows = rows(organizationId, filter, from, to, Dimension.NONE);
        return jdbc.sql("select d.provider, sum(d.input_tokens), sum(d.cached_input_tokens), sum(d.cache_write_tokens) "
                        + rows.sql() + " group by 1 order by 1")
                .params(rows.params())
                .query((rs, row) -> new ProviderInput(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .list();
    }

    /** The API keys that have usage (on any day) among what the filter counts. */
    public Set<Long> apiKeysWithUsage(long organizationId, Filter filter) {
        Rows rows = rows(organizationId, filter, null, null, Dimension.NONE);
        return new HashSet<>(jdbc.sql("select distinct d.api_key_id " + rows.sql()).params(rows.params())
                .query(Long.class).list());
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

    /**
     * {@link #spent(long, Filter, LocalDate, LocalDate)} as a scalar subquery, for a caller that must read it in one
     * statement (one snapshot) with rows of its own. Its parameters are named organization, from and to, and (each
     * only when the filter sets it) user, teams, model, namedExternal, namedMember, agent, team and key.
     */
    public Subquery spentSubquery(long organizationId, Filter filter, LocalDate from, LocalDate to) {
        Rows rows = rows(organizationId, filter, from, to, Dimension.NONE);
        return new Subquery("select coalesce(sum(d.billed_cost), 0) " + rows.sql(), rows.params());
    }

    /** A {@code from} clause over the rollups the filter counts, with the names the dimension's label needs. */
    private record Rows(String sql, Map<String, Object> params) {
    }

    /** The rollups of the days (any day when null) the filter counts; {@link Dimension} labels refer to its aliases. */
    private Rows rows(long organizationId, Filter filter, LocalDate from, LocalDate to, Dimension... dimensions) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder sql = new StringBuilder("from usage_daily d");
        Set<Dimension> joined = Set.copyOf(Arrays.asList(dimensions));
        if (joined.contains(Dimension.USER) || joined.contains(Dimension.USER_EMAIL)) {
            // The owner's names of its members, joined as a list: no other module's table is read here.
            List<String> keys = new ArrayList<>();
            List<String> emails = new ArrayList<>();
            List<String> names = new ArrayList<>();
            members.of(organizationId).byId().values().forEach(member -> {
                keys.add(RollupUserKey.member(member.id()));
                emails.add(member.email());
                names.add(member.displayName());
            });
            sql.append("""

                    left join unnest(cast(:memberKeys as text[]), cast(:memberEmails as text[]), cast(:memberNames as text[]))
                        as u(user_key, email, display_name) on u.user_key = d.user_key""");
            params.put("memberKeys", keys.toArray(String[]::new));
            params.put("memberEmails", emails.toArray(String[]::new));
            params.put("memberNames", names.toArray(String[]::new));
        }
        if (joined.contains(Dimension.TEAM)) {
            List<Long> ids = new ArrayList<>();
            List<String> names = new ArrayList<>();
            teams.all(organizationId).forEach(team -> {
                ids.add(team.id());
                names.add(team.name());
            });
            sql.append("\nleft join unnest(cast(:teamIds as bigint[]), cast(:teamNames as text[])) as t(id, name) on t.id = d.team_id");
            params.put("teamIds", ids.toArray(Long[]::new));
            params.put("teamNames", names.toArray(String[]::new));
        }
        if (joined.contains(Dimension.API_KEY)) {
            List<Long> ids = new ArrayList<>();
            List<String> names = new ArrayList<>();
            apiKeys.names(organizationId).forEach((id, name) -> {
                ids.add(id);
                names.add(name);
            });
            sql.append("\nleft join unnest(cast(:keyIds as bigint[]), cast(:keyNames as text[])) as k(id, name) on k.id = d.api_key_id");
            params.put("keyIds", ids.toArray(Long[]::new));
            params.put("keyNames", names.toArray(String[]::new));
        }
        sql.append("\nwhere d.organization_id = :organization");
        params.put("organization", organizationId);
        if (from != null) {
            sql.append(" and d.day between :from and :to");
            params.put("from", Date.valueOf(from));
            params.put("to", Date.valueOf(to));
        }
        condition(sql, params, "user", RollupUserKey.member(filter.userId()), " and d.user_key = :user");
        condition(sql, params, "teams", filter.teamIds() == null ? null : filter.teamIds().toArray(Long[]::new),
                " and d.team_id = any(cast(:teams as bigint[]))");
        condition(sql, params, "model", filter.model(), " and (d.model = :model or d.provider || '/' || d.model = :model)");
        if (filter.user() != null) {
            // A member's email names the member's usage; any other name, an external user's.
            MemberDirectory.Member named = members.of(organizationId).byEmail().get(filter.user());
            sql.append(" and (d.user_key = :namedExternal or d.user_key = :namedMember)");
            params.put("namedExternal", RollupUserKey.external(filter.user()));
            params.put("namedMember", named == null ? null : RollupUserKey.member(named.id()));
        }
        condition(sql, params, "agent", filter.agent(), " and d.agent = :agent");
        condition(sql, params, "team", filter.team(), " and d.team_id = :team");
        condition(sql, params, "key", filter.apiKeyId(), " and d.api_key_id = cast(:key as bigint)");
        return new Rows(sql.toString(), params);
    }

    private static void condition(StringBuilder sql, Map<String, Object> params, String name, Object value, String condition) {
        if (value != null) {
            sql.append(condition);
            params.put(name, value);
        }
    }

    private LocalDate today(long organizationId) {
        return organizations.locale(organizationId).today(clock);
    }

    private String currency(long organizationId) {
        return organizations.locale(organizationId).currency();
    }
}
