package dev.tokentally.usage;

import java.sql.Timestamp;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tokentally.organizations.OrganizationService;
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

    private static final String WHERE = """
            from usage_event_current e left join app_user u on u.id = e.user_id
                 left join team t on t.id = e.team_id left join api_key k on k.id = e.api_key_id
            where e.organization_id = :organization and e.occurred_at >= :start and e.occurred_at < :end
              and (cast(:user as text) is null or u.email = :user or e.external_user = :user)
              and (cast(:model as text) is null or e.model = :model or e.provider || '/' || e.model = :model)
              and (cast(:agent as text) is null or e.agent = :agent)
              and (cast(:source as text) is null or e.source = :source)
              and (:unpriced = false or e.billed_cost is null)
              and (cast(:team as bigint) is null or coalesce(e.team_id, 0) = :team)
              and (cast(:apiKey as bigint) is null or coalesce(e.api_key_id, 0) = :apiKey)
              and (cast(:allTeams as boolean) or coalesce(e.team_id, 0) in (:teams))""";

    /** A listed event with the member's email, its team's name and its API key's name, where it has them. */
    public record Listed(UsageEvent event, String userEmail, String teamName, String apiKeyName) {

        public String user() {
            return userEmail != null ? userEmail : event.externalUser();
        }
    }

    private final JdbcClient jdbc;
    private final OrganizationService organizations;

    UsageEvents(JdbcClient jdbc, OrganizationService organizations) {
        this.jdbc = jdbc;
        this.organizations = organizations;
    }

    public List<Listed> page(long organizationId, EventFilter filter, int offset, int limit) {
        return jdbc.sql(UsageLedger.SELECT_ALIASED + ", u.email, t.name as team_name, k.name as key_name " + WHERE
                        + " order by e.occurred_at desc, e.id offset :offset limit :limit")
                .params(params(organizationId, filter)).param("offset", offset).param("limit", limit)
                .query((rs, row) -> new Listed(UsageLedger.event(rs), rs.getString("email"),
                        rs.getString("team_name"), rs.getString("key_name"))).list();
    }

    public long count(long organizationId, EventFilter filter) {
        return jdbc.sql("select count(*) " + WHERE).params(params(organizationId, filter)).query(Long.class).single();
    }

    /** The named events of one organization, for views that keep a reference to the events they caused. */
    public Map<UUID, UsageEvent> byIds(long organizationId, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<UUID, UsageEvent> found = new HashMap<>();
        jdbc.sql(UsageLedger.SELECT_ALIASED + " from usage_event_current e where e.organization_id = :organization and e.id in (:ids)")
                .param("organization", organizationId).param("ids", ids)
                .query((rs, row) -> UsageLedger.event(rs)).list().forEach(event -> found.put(event.id(), event));
        return found;
    }

    private Map<String, Object> params(long organizationId, EventFilter filter) {
        ZoneId zone = organizations.locale(organizationId).zone();
        Map<String, Object> params = new HashMap<>();
        params.put("organization", organizationId);
        params.put("start", Timestamp.from(filter.from().atStartOfDay(zone).toInstant()));
        params.put("end", Timestamp.from(filter.to().plusDays(1).atStartOfDay(zone).toInstant()));
        params.put("user", blankToNull(filter.user()));
        params.put("model", blankToNull(filter.model()));
        params.put("agent", blankToNull(filter.agent()));
        params.put("source", filter.source() == null ? null : filter.source().name());
        params.put("unpriced", filter.unpricedOnly());
        params.put("team", filter.team());
        params.put("apiKey", filter.apiKey());
        params.put("allTeams", filter.withinTeams() == null);
        // Never an empty list: "in ()" is not SQL, and no teams at all must match nothing.
        params.put("teams", filter.withinTeams() == null || filter.withinTeams().isEmpty() ? List.of(-1L)
                : List.copyOf(filter.withinTeams()));
        return params;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
