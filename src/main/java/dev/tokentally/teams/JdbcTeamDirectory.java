package dev.tokentally.teams;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.tokentally.accounts.DefaultTeams;
import dev.tokentally.accounts.MemberDirectory;
import dev.tokentally.apikeys.ApiKeyTeams;
import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.organizations.AgentDirectory;
import dev.tokentally.organizations.Team;
import dev.tokentally.organizations.TeamDirectory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@link TeamDirectory} of the other modules: each organization's teams and what decides an event's team,
 * read once per organization and kept until a team, membership, member, key or agent changes (see
 * {@link ReferenceChanges}), so that the recording path decides the teams of a whole batch in memory. What members,
 * keys and agents say about teams comes from their owners: {@link DefaultTeams}, {@link ApiKeyTeams} and
 * {@link AgentDirectory}, each asked once per organization.
 */
@Component
class JdbcTeamDirectory implements TeamDirectory {

    private final JdbcClient jdbc;
    private final DefaultTeams defaultTeams;
    private final ApiKeyTeams keyTeams;
    private final AgentDirectory agents;
    private final MemberDirectory members;
    private final ReferenceCache<Long, OrganizationTeams> cache;

    JdbcTeamDirectory(JdbcClient jdbc, DefaultTeams defaultTeams, ApiKeyTeams keyTeams, AgentDirectory agents,
                      MemberDirectory members, ReferenceChanges changes) {
        this.jdbc = jdbc;
        this.defaultTeams = defaultTeams;
        this.keyTeams = keyTeams;
        this.agents = agents;
        this.members = members;
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
        return defaultTeams.of(userId);
    }

    @Override
    public boolean isMember(long teamId, long userId) {
        return jdbc.sql("select count(*) from team_member where team_id = ? and user_id = ?").params(teamId, userId)
                .query(Long.class).single() > 0;
    }

    @Override
    public List<String> managerEmails(long teamId) {
        List<Long> managers = jdbc.sql("""
                        select distinct user_id from team_member
                        where manager and team_id in (select id from team where id = ? union select parent_id from team where id = ?)""")
                .params(teamId, teamId).query(Long.class).list();
        return managers.isEmpty() ? List.of() : members.activeEmails(managers);
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
        return new OrganizationTeams(Map.copyOf(byId), Map.copyOf(byHandle),
                Map.copyOf(defaultTeams.inOrganization(organizationId)), Map.copyOf(keyTeams.of(organizationId)),
                Map.copyOf(agents.teamsByAgentName(organizationId)));
    }
}
