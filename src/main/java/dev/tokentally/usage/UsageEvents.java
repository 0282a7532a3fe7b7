package dev.tokentally.usage;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tokentally.accounts.MemberDirectory;
import dev.tokentally.base.CallTags;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.organizations.Team;
import dev.tokentally.organizations.TeamDirectory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ledger row by row, newest first: for the usage explorer and the events API. The caller has
 * established which organization may be read.
 */
@Service
@Transactional(readOnly = true)
public class UsageEvents {

    /** The events a filter lists, from {@code usage_event_current e}; its parameters are {@link #params}'. */
    static final String CONDITIONS = """
            where e.organization_id = :organization and e.occurred_at >= :start and e.occurred_at < :end
              and (cast(:user as text) is null or e.user_id = cast(:member as bigint) or e.external_user = :user)
              and (cast(:model as text) is null or e.model = :model or e.provider || '/' || e.model = :model)
              and (cast(:agent as text) is null or e.agent = :agent)
              and (cast(:source as text) is null or e.source = :source)
              and (:unpriced = false or e.billed_cost is null)
              and (cast(:team as bigint) is null or coalesce(e.team_id, 0) = :team)
              and (cast(:apiKey as bigint) is null or coalesce(e.api_key_id, 0) = :apiKey)
              and (cast(:allTeams as boolean) or coalesce(e.team_id, 0) in (:teams))
              and (cast(:tags as text) is null or e.id in (
                  select t.id from usage_event t where t.organization_id = :organization and t.occurred_at >= :start
                      and t.occurred_at < :end and t.tags @> cast(:tags as jsonb)))""";
    private static final String WHERE = "from usage_event_current e\n" + CONDITIONS;

    /**
     * A listed event with the member's email, its team's name and its API key's name, where it has them, and how it
     * reached its model (both parts null for events recorded before the ledger kept them).
     */
    public record Listed(UsageEvent event, String userEmail, String teamName, String apiKeyName, CallChannel channel) {

        public CallTags tags() {
            return event.tags();
        }


        public String user() {
            return userEmail != null ? userEmail : event.attribution().externalUser();
        }
    }

    private final JdbcClient jdbc;
    private final OrganizationService organizations;
    private final MemberDirectory members;
    private final TeamDirectory teams;
    private final ApiKeys apiKeys;

    UsageEvents(JdbcClient jdbc, OrganizationService organizations, MemberDirectory members, TeamDirectory teams,
                ApiKeys apiKeys) {
        this.jdbc = jdbc;
        this.organizations = organizations;
        this.members = members;
        this.teams = teams;
        this.apiKeys = apiKeys;
    }

    /** A page of the events, each with its member's email, its team's name and its key's name as their owner has them. */
    public List<Listed> page(long organizationId, EventFilter filter, int offset, int limit) {
        List<Row> page = jdbc.sql(LedgerStore.SELECT_ALIASED + ", e.wire_format, e.connection " + WHERE
                        + " order by e.occurred_at desc, e.id offset :offset limit :limit")
                .params(params(organizationId, filter)).param("offset", offset).param("limit", limit)
                .query((rs, row) -> new Row(LedgerStore.event(rs),
                        new CallChannel(rs.getString("wire_format"), rs.getString("connection")))).list();
        Map<Long, MemberDirectory.Member> memberById = members.of(organizationId).byId();
        Map<Long, Team> teamById = new HashMap<>();
        if (page.stream().anyMatch(row -> row.event().attribution().teamId() != null)) {
            teams.all(organizationId).forEach(team -> teamById.put(team.id(), team));
        }
        Map<UUID, CallTags> tags = tagsOf(page.stream().map(row -> row.event().id()).toList());
        Map<Long, String> keyNames = page.stream().anyMatch(row -> row.event().attribution().apiKeyId() != null)
                ? apiKeys.names(organizationId) : Map.of();
        return page.stream().map(row -> {
            Attribution by = row.event().attribution();
            MemberDirectory.Member member = by.userId() == null ? null : memberById.get(by.userId());
            Team team = by.teamId() == null ? null : teamById.get(by.teamId());
            return new Listed(row.event().withTags(tags.getOrDefault(row.event().id(), CallTags.NONE)), member == null ? null : member.email(), team == null ? null : team.name(),
                    by.apiKeyId() == null ? null : keyNames.get(by.apiKeyId()), row.channel());
        }).toList();
    }

    private record Row(UsageEvent event, CallChannel channel) {
    }

    /** The tags of the events (a page: bounded), read beside the view of costs, which does not carry them. */
    private Map<UUID, CallTags> tagsOf(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<UUID, Map<String, String>> found = new HashMap<>();
        jdbc.sql("select t.id, k.key, k.value from usage_event t cross join jsonb_each_text(t.tags) k"
                        + " where t.id in (:ids) and t.tags is not null")
                .param("ids", ids)
                .query((rs, row) -> found.computeIfAbsent(rs.getObject(1, UUID.class), id -> new HashMap<>())
                        .put(rs.getString(2), rs.getString(3)))
                .list();
        Map<UUID, CallTags> tags = new HashMap<>();
        found.forEach((id, values) -> tags.put(id, new CallTags(values)));
        return tags;
    }

    public long count(long organizationId, EventFilter filter) {
        return jdbc.sql("select count(*) " + WHERE).params(params(organizationId, filter)).query(Long.class).single();
    }

    /**
     * The cache reads of the priced events the filter lists, per model and price version, with those events' raw and
     * billed cost: what the money saved by prompt caching is worked out from (a ledger read, bounded by the days).
     */
    public List<CachedInputCost> cachedInputByPrice(long organizationId, EventFilter filter) {
        return jdbc.sql("select e.model_id, e.price_version_id, sum(e.cached_input_tokens), sum(e.raw_cost_usd),"
                        + " sum(e.billed_cost) " + WHERE + " and e.cached_input_tokens > 0 and e.model_id is not null"
                        + " and e.price_version_id is not null and e.billed_cost is not null group by 1, 2 order by 1, 2")
                .params(params(organizationId, filter))
                .query((rs, row) -> new CachedInputCost(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getBigDecimal(4),
                        rs.getBigDecimal(5)))
                .list();
    }

    /** The gateway calls the filter lists, the response-cache hits among them and what the hits saved (a ledger read). */
    public ResponseCacheTotals responseCache(long organizationId, EventFilter filter) {
        return jdbc.sql("select count(*) filter (where e.source = 'GATEWAY'), count(*) filter (where e.cache_hit),"
                        + " coalesce(sum(e.saved), 0) " + WHERE)
                .params(params(organizationId, filter))
                .query((rs, row) -> new ResponseCacheTotals(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3)))
                .single();
    }

    /** The named events of one organization, for views that keep a reference to the events they caused. */
    public Map<UUID, UsageEvent> byIds(long organizationId, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<UUID, UsageEvent> found = new HashMap<>();
        jdbc.sql(LedgerStore.SELECT_ALIASED + " from usage_event_current e where e.organization_id = :organization and e.id in (:ids)")
                .param("organization", organizationId).param("ids", ids)
                .query((rs, row) -> LedgerStore.event(rs)).list().forEach(event -> found.put(event.id(), event));
        return found;
    }

    /**
     * How many chat threads and other sessions had usage on the days, of some teams only (0: usage of no team; null:
     * all) and of one member only (null: anyone).
     */
    public long sessions(long organizationId, LocalDate from, LocalDate to, Collection<Long> withinTeams, Long userId) {
        ZoneId zone = organizations.locale(organizationId).zone();
        return jdbc.sql("""
                        select count(distinct e.session_ref) from usage_event e
                        where e.organization_id = :organization and e.occurred_at >= :start and e.occurred_at < :end
                          and (cast(:allTeams as boolean) or coalesce(e.team_id, 0) in (:teams))
                          and (cast(:user as bigint) is null or e.user_id = cast(:user as bigint))""")
                .param("organization", organizationId)
                .param("start", Timestamp.from(from.atStartOfDay(zone).toInstant()))
                .param("end", Timestamp.from(to.plusDays(1).atStartOfDay(zone).toInstant()))
                .param("allTeams", withinTeams == null)
                .param("teams", teamsParam(withinTeams))
                .param("user", userId)
                .query(Long.class).single();
    }

    Map<String, Object> params(long organizationId, EventFilter filter) {
        ZoneId zone = organizations.locale(organizationId).zone();
        Map<String, Object> params = new HashMap<>();
        params.put("organization", organizationId);
        params.put("start", Timestamp.from(filter.from().atStartOfDay(zone).toInstant()));
        params.put("end", Timestamp.from(filter.to().plusDays(1).atStartOfDay(zone).toInstant()));
        String user = blankToNull(filter.user());
        MemberDirectory.Member member = user == null ? null : members.of(organizationId).byEmail().get(user);
        params.put("user", user);
        params.put("member", member == null ? null : member.id());
        params.put("model", blankToNull(filter.model()));
        params.put("agent", blankToNull(filter.agent()));
        params.put("source", filter.source() == null ? null : filter.source().name());
        params.put("unpriced", filter.unpricedOnly());
        params.put("team", filter.team());
        params.put("apiKey", filter.apiKey());
        params.put("allTeams", filter.withinTeams() == null);
        params.put("teams", teamsParam(filter.withinTeams()));
        params.put("tags", filter.tags().json());
        return params;
    }

    /** Never an empty list: "in ()" is not SQL, and no teams at all must match nothing. */
    private static List<Long> teamsParam(Collection<Long> withinTeams) {
        return withinTeams == null || withinTeams.isEmpty() ? List.of(-1L) : List.copyOf(withinTeams);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
