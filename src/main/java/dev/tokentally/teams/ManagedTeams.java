package dev.tokentally.teams;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.Role;
import dev.tokentally.accounts.SignedInUser;
import dev.tokentally.accounts.TeamAccess;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.organizations.Team;
import dev.tokentally.organizations.TeamDirectory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The {@link TeamAccess} of the other modules, from who manages which team. */
@Component
@Transactional(readOnly = true)
class ManagedTeams implements TeamAccess {

    private final CurrentUser currentUser;
    private final TeamDirectory directory;
    private final JdbcClient jdbc;

    ManagedTeams(CurrentUser currentUser, TeamDirectory directory, JdbcClient jdbc) {
        this.currentUser = currentUser;
        this.directory = directory;
        this.jdbc = jdbc;
    }

    @Override
    public Visible visible(long organizationId) {
        currentUser.requireAccessTo(organizationId);
        return visibleTo(currentUser.require());
    }

    @Override
    public Visible visibleTo(SignedInUser user) {
        if (user.isPlatformAdmin() || user.role() == Role.ORG_ADMIN) {
            return new Visible(true, Set.of());
        }
        return new Visible(false, managedBy(user.organizationId(), user.id()));
    }

    @Override
    public Team require(long teamId) {
        SignedInUser me = currentUser.require();
        Team team = jdbc.sql("select id, organization_id, slug, name, description, parent_id from team where id = ?")
                .param(teamId).query(Teams::team).optional().orElseThrow(() -> new NotFoundException("No such team"));
        if (!me.isPlatformAdmin() && !Long.valueOf(team.organizationId()).equals(me.organizationId())
                || !visible(team.organizationId()).allows(teamId)) {
            throw new NotFoundException("No such team");
        }
        return team;
    }

    private Set<Long> managedBy(long organizationId, long userId) {
        List<Long> managed = jdbc.sql("select team_id from team_member where user_id = ? and manager").param(userId)
                .query(Long.class).list();
        TeamDirectory.OrganizationTeams teams = directory.of(organizationId);
        Set<Long> visible = new HashSet<>();
        managed.stream().filter(teams.byId()::containsKey).forEach(team -> visible.addAll(teams.withSubTeams(team)));
        return Set.copyOf(visible);
    }
}
