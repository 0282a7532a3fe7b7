package dev.tokentally.organizations;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Each organization's teams and what decides an event's team, read once per organization and kept until a
 * team, membership, member, key or agent changes (see {@link ReferenceChanges}), so that the recording path
 * decides the teams of a whole batch in memory. The teams of keys are read from their table here, as a plain column;
 * the teams of agents come from their owner through {@link AgentTeams}.
 */
@Component
public class TeamDirectory {

    /** What the organization's recording path needs to know about teams. */
    public record OrganizationTeams(Map<Long, Team> byId, Map<String, Team> byHandle, Map<Long, Long> defaultTeams,
                                    Map<Long, Long> keyTeams, Map<String, Long> agentTeams) {

        /** The team whose slug or name (any case) this is. */
        public Optional<Team> find(String slugOrName) {
            return slugOrName == null ? Optional.empty()
                    : Optional.ofNullable(byHandle.get(slugOrName.trim().toLowerCase(Locale.ROOT)));
        }

        /**
         * The team an event is attributed to, in this order: the key's or the agent's team, the team the source
         * named, the member's default team, else none (null).
         *
         * @throws IllegalArgumentException when the key or the named team is not the organization's
         */
        public Long attribute(Long apiKeyId, String agent, Long namedTeamId, Long userId) {
            Long keyTeam = null;
            if (apiKeyId != null) {
                keyTeam = keyTeams.get(apiKeyId);
                if (keyTeam == null) {
                    throw new IllegalArgumentException("API key " + apiKeyId + " is not a key of the organization");
                }
            }
            if (namedTeamId != null && !byId.containsKey(namedTeamId)) {
                throw new IllegalArgumentException("Team " + namedTeamId + " is not a team of the organization");
            }
            if (keyTeam != null && keyTeam != 0) {
                return keyTeam;
            }
            Long agentTeam = agent == null ? null : agentTeams.get(agent.toLowerCase(Locale.ROOT));
            if (agentTeam != null) {
                return agentTeam;
            }
            if (namedTeamId != null) {
                return namedTeamId;
            }
            return userId == null ? null : defaultTeams.get(userId);
        }

        /** The team and, for a sub-team, its parent: the teams whose budgets a call of the team must fit. */
        public List<Long> path(Long teamId) {
            List<Long> path = new ArrayList<>(2);
            Team team = teamId == null ? null : byId.get(teamId);
            if (team != null) {
                path.add(team.id());
                if (team.parentId() != null) {
                    path.add(team.parentId());
                }
            }
            return path;
        }

        /** The team and its sub-teams: the teams whose usage a team's figures include. */
        public List<Long> withSubTeams(long teamId) {
            List<Long> teams = new ArrayList<>();
            teams.add(teamId);
            byId.values().stream().filter(team -> Long.valueOf(teamId).equals(team.parentId()))
                    .forEach(team -> teams.add(team.id()));
            return teams;
        }
    }

    private final JdbcClient jdbc;
    private final AgentTeams agents;
    private final ReferenceCache<Long, OrganizationTeams> cache;

    TeamDirectory(JdbcClient jdbc, AgentTeams agents, ReferenceChanges changes) {
        this.jdbc = jdbc;
        this.agents = agents;
        this.cache = changes.cache(10_000, "team", "team_member", "app_user", "api_key", "agent");
    }

    public OrganizationTeams of(long organizationId) {
        return cache.get(organizationId, this::load);
    }

    /**
     * The organization's teams, read again when one of the keys or teams is not among them (created a moment ago
     * on another instance, or on this one before its notification came back).
     */
    public OrganizationTeams knowing(long organizationId, Collection<Long> apiKeyIds, Collection<Long> teamIds) {
        OrganizationTeams teams = of(organizationId);
        boolean known = apiKeyIds.stream().allMatch(key -> key == null || teams.keyTeams().containsKey(key))
                && teamIds.stream().allMatch(team -> team == null || teams.byId().containsKey(team));
        return known ? teams : load(organizationId);
    }

    /**
     * The organization's team with this id, for a form's team field.
     *
     * @throws FieldRejectedException on {@code field} when the id is null or names no team of the organization
     */
    public Team requireTeam(long organizationId, Long teamId, String field) {
        Team team = teamId == null ? null : knowing(organizationId, List.of(), List.of(teamId)).byId().get(teamId);
        if (team == null) {
            throw new FieldRejectedException(field, "Choose a team of the organization");
        }
        return team;
    }

    private OrganizationTeams load(long organizationId) {
        Map<Long, Team> byId = new HashMap<>();
        Map<String, Team> byHandle = new HashMap<>();
        jdbc.sql("select id, organization_id, slug, name, description, parent_id from team where organization_id = ?")
                .param(organizationId).query(Teams::team).list().forEach(team -> {
                    byId.put(team.id(), team);
                    byHandle.putIfAbsent(team.name().toLowerCase(Locale.ROOT), team);
                });
        // A slug wins over another team's equal name.
        byId.values().forEach(team -> byHandle.put(team.slug(), team));
        Map<Long, Long> defaultTeams = new HashMap<>();
        jdbc.sql("select id, default_team_id from app_user where organization_id = ? and default_team_id is not null")
                .param(organizationId).query((rs, row) -> defaultTeams.put(rs.getLong(1), rs.getLong(2))).list();
        // Every key of the organization, 0 for one without a team: an unknown key is then a key of another organization.
        Map<Long, Long> keyTeams = new HashMap<>();
        jdbc.sql("select id, coalesce(team_id, 0) from api_key where organization_id = ?").param(organizationId)
                .query((rs, row) -> keyTeams.put(rs.getLong(1), rs.getLong(2))).list();
        Map<String, Long> agentTeams = agents.teamsByAgentName(organizationId);
        return new OrganizationTeams(Map.copyOf(byId), Map.copyOf(byHandle), Map.copyOf(defaultTeams),
                Map.copyOf(keyTeams), Map.copyOf(agentTeams));
    }
}
