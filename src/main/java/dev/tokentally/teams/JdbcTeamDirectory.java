package dev.tokentally.teams;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.organizations.Team;
import dev.tokentally.organizations.AgentTeams;
import dev.tokentally.organizations.TeamDirectory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@link TeamDirectory} of the other modules: each organization's teams and what decides an event's team,
 * read once per organization and kept until a team, membership, member, key or agent changes (see
 * {@link ReferenceChanges}), so that the recording path decides the teams of a whole batch in memory. The teams
 * of agents come from their owner through {@link AgentTeams}.
 */
@Component
class JdbcTeamDirectory implements TeamDirectory {

    private final JdbcClient jdbc;
    private final AgentTeams agents;
    private final ReferenceCache<Long, OrganizationTeams> cache;

    JdbcTeamDirectory(JdbcClient jdbc, AgentTeams agents, ReferenceChanges changes) {
        this.jdbc = jdbc;
        this.agents = agents;
        this.cache = changes.cache(10_000, "team", "team_member", "app_user", "api_key", "agent");
    }

    @Override
    public OrganizationTeams of(long organizationId) {
        return cache.get(organizationId, this::load);
    }

    @Override
    public OrganizationTeams knowing(long organizationId, Collection<Long> apiKeyIds, Collection<Long> teamIds) {
        OrganizationTeams teams = of(organizationId);
        boolean known = apiKeyIds.stream().allMatch(key -> key == null || teams.keyTeams().containsKey(key))
                && teamIds.stream().allMatch(team -> team == null || teams.byId().containsKey(team));
        return known ? teams : load(organizationId);
    }

    @Override
    public List<Team> all(long organizationId) {
        return jdbc.sql(Teams.SELECT + " t where organization_id = ? order by lower(coalesce((select p.name from team p where p.id = t.parent_id), t.name)), parent_id nulls first, lower(name)")
                .param(organizationId).query(Teams::team).list();
    }

    @Override
    public List<Team> teamsOf(long userId) {
        return jdbc.sql(Teams.SELECT + " where id in (select team_id from team_member where user_id = ?) order by lower(name)")
                .param(userId).query(Teams::team).list();
    }

    @Override
    public Optional<Long> defaultTeamOf(long userId) {
        return jdbc.sql("select default_team_id from app_user where id = ? and default_team_id is not null").param(userId)
                .query(Long.class).optional();
    }

    @Override
    public boolean isMember(long teamId, long userId) {
        return jdbc.sql("select count(*) from team_member where team_id = ? and user_id = ?").params(teamId, userId)
                .query(Long.class).single() > 0;
    }

    @Override
    public List<String> managerEmails(long teamId) {
        return jdbc.sql("""
                        select distinct u.email from team_member m join app_user u on u.id = m.user_id
                        where m.manager and u.active
                          and m.team_id in (select id from team where id = ? union select parent_id from team where id = ?)
                        order by u.email""")
                .params(teamId, teamId).query(String.class).list();
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
