package dev.tokentally.teams;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.Role;
import dev.tokentally.accounts.SignedInUser;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.organizations.Team;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which teams the signed-in user may see and manage: org admins (and platform admins) every team of their
 * organization, a team manager the teams they manage and those teams' sub-teams, anyone else none. Views,
 * reports and APIs of team figures ask here; another team is refused as if it did not exist.
 */
@Component
@Transactional(readOnly = true)
public class TeamAccess {

    /** The teams a user may see: all of the organization's, or just these. */
    public record Visible(boolean all, Set<Long> teamIds) {

        public boolean allows(long teamId) {
            return all || teamIds.contains(teamId);
        }

        public boolean none() {
            return !all && teamIds.isEmpty();
        }
    }

    private final CurrentUser currentUser;
    private final TeamDirectory directory;
    private final JdbcClient jdbc;

    TeamAccess(CurrentUser currentUser, TeamDirectory directory, JdbcClient jdbc) {
        this.currentUser = currentUser;
        this.directory = directory;
        this.jdbc = jdbc;
    }

    public Visible visible(long organizationId) {
        currentUser.requireAccessTo(organizationId);
        return visibleTo(currentUser.require());
    }

    /** The teams of their own organization the user may see, for callers that already hold the signed-in user. */
    public Visible visibleTo(SignedInUser user) {
        if (user.isPlatformAdmin() || user.role() == Role.ORG_ADMIN) {
            return new Visible(true, Set.of());
        }
        return new Visible(false, managedBy(user.organizationId(), user.id()));
    }

    /** True when the user manages at least one team (or is an admin): the teams view is theirs to open. */
    public boolean managesAny(long organizationId) {
        return !visible(organizationId).none();
    }

    /** @throws NotFoundException unless the signed-in user may see and manage the team */
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
