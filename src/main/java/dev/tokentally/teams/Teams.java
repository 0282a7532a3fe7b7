package dev.tokentally.teams;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.DefaultTeams;
import dev.tokentally.accounts.MemberDirectory;
import dev.tokentally.accounts.TeamAccess;
import dev.tokentally.base.AuditLog;
import dev.tokentally.base.DuplicateValueException;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.organizations.Team;
import dev.tokentally.organizations.TeamDirectory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * Org admins manage their organization's teams and who is in them; team managers see their teams' members.
 * Every change drops the instance's team caches at once (the recording path attributes with them).
 */
@Service
@Validated
@Transactional
public class Teams {

    /** A team as an admin writes it; {@code parentId} null for a top-level team. */
    public record Draft(
            @NotBlank(message = "Name is required") @Size(max = 100, message = "Name is at most 100 characters") String name,
            @NotBlank(message = "Slug is required")
            @Pattern(regexp = "[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?", message = "Lower-case letters, digits and dashes, at most 40, such as research")
            String slug,
            @Size(max = 500, message = "Description is at most 500 characters") String description,
            Long parentId) {
    }

    /** A member of a team. */
    public record Member(long userId, String email, String displayName, boolean manager, boolean defaultTeam) {
    }

    static final String SELECT = "select id, organization_id, slug, name, description, parent_id from team";

    private final JdbcClient jdbc;
    private final CurrentUser currentUser;
    private final TeamAccess access;
    private final TeamDirectory directory;
    private final ReferenceChanges references;
    private final AuditLog audit;
    private final MemberDirectory members;
    private final DefaultTeams defaultTeams;

    Teams(JdbcClient jdbc, CurrentUser currentUser, TeamAccess access, TeamDirectory directory, ReferenceChanges references,
          AuditLog audit, MemberDirectory members, DefaultTeams defaultTeams) {
        this.jdbc = jdbc;
        this.currentUser = currentUser;
        this.access = access;
        this.directory = directory;
        this.references = references;
        this.audit = audit;
        this.members = members;
        this.defaultTeams = defaultTeams;
    }

    /** The teams the signed-in user may see (all of them for admins), parents before their sub-teams, by name. */
    @PreAuthorize(Roles.IS_SIGNED_IN)
    @Transactional(readOnly = true)
    public List<Team> visible(long organizationId) {
        TeamAccess.Visible visible = access.visible(organizationId);
        return directory.all(organizationId).stream().filter(team -> visible.allows(team.id())).toList();
    }

    @PreAuthorize(Roles.IS_SIGNED_IN)
    @Transactional(readOnly = true)
    public List<Member> members(long teamId) {
        return members(teamId, 0, Integer.MAX_VALUE);
    }

    /** One page of the team's members, by name. */
    @PreAuthorize(Roles.IS_SIGNED_IN)
    @Transactional(readOnly = true)
    public List<Member> members(long teamId, int offset, int limit) {
        Team team = access.require(teamId);
        Map<Long, Boolean> managers = new HashMap<>();
        jdbc.sql("select user_id, manager from team_member where team_id = ?").param(teamId)
                .query((rs, row) -> managers.put(rs.getLong(1), rs.getBoolean(2))).list();
        if (managers.isEmpty()) {
            return List.of();
        }
        Map<Long, Long> defaultTeams = directory.of(team.organizationId()).defaultTeams();
        return members.page(managers.keySet(), offset, limit).stream()
                .map(member -> new Member(member.id(), member.email(), member.displayName(), managers.get(member.id()),
                        Long.valueOf(teamId).equals(defaultTeams.get(member.id()))))
                .toList();
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public Team create(long organizationId, @Valid Draft draft) {
        currentUser.requireAccessTo(organizationId);
        check(organizationId, null, draft);
        long id = jdbc.sql("insert into team (organization_id, slug, name, description, parent_id) values (?, ?, ?, ?, ?) returning id")
                .params(organizationId, draft.slug(), draft.name().trim(), description(draft), draft.parentId())
                .query(Long.class).single();
        changed();
        audit.record("team", id, "create", null, draft.slug());
        return find(id);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public Team update(long teamId, @Valid Draft draft) {
        Team team = access.require(teamId);
        check(team.organizationId(), teamId, draft);
        jdbc.sql("update team set slug = ?, name = ?, description = ?, parent_id = ? where id = ?")
                .params(draft.slug(), draft.name().trim(), description(draft), draft.parentId(), teamId).update();
        changed();
        audit.record("team", teamId, "update", team.slug(), draft.slug());
        return find(teamId);
    }

    /** Deletes the team with its memberships and budgets; its sub-teams become top-level teams, its usage stays. */
    @PreAuthorize(Roles.IS_ADMIN)
    public void delete(long teamId) {
        Team team = access.require(teamId);
        jdbc.sql("delete from team where id = ?").param(teamId).update();
        changed();
        audit.record("team", teamId, "delete", team.slug(), null);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public void addMember(long teamId, long userId, boolean manager) {
        Team team = access.require(teamId);
        if (!members.belongsTo(userId, team.organizationId())) {
            throw new FieldRejectedException("userId", "Choose a member of the organization");
        }
        jdbc.sql("insert into team_member (team_id, user_id, manager) values (?, ?, ?) on conflict (team_id, user_id) do update set manager = excluded.manager")
                .params(teamId, userId, manager).update();
        changed();
        audit.record("team", teamId, "add member", null, userId + (manager ? " (manager)" : ""));
    }

    /** Takes the member out of the team; it stops being their default team. */
    @PreAuthorize(Roles.IS_ADMIN)
    public void removeMember(long teamId, long userId) {
        access.require(teamId);
        jdbc.sql("delete from team_member where team_id = ? and user_id = ?").params(teamId, userId).update();
        defaultTeams.clearIf(userId, teamId);
        changed();
        audit.record("team", teamId, "remove member", String.valueOf(userId), null);
    }

    /** Makes the team the member's default team (null: none); the member must be in it. */
    @PreAuthorize(Roles.IS_ADMIN)
    public void setDefaultTeam(long userId, Long teamId) {
        long organizationId = members.organizationOf(userId).orElseThrow(() -> new NotFoundException("No such member"));
        currentUser.requireAccessTo(organizationId);
        if (teamId != null) {
            access.require(teamId);
            if (!directory.isMember(teamId, userId)) {
                throw new FieldRejectedException("defaultTeam", "The member must be in the team first");
            }
        }
        defaultTeams.set(userId, teamId);
        changed();
    }

    private void check(long organizationId, Long teamId, Draft draft) {
        TeamDirectory.OrganizationTeams teams = directory.of(organizationId);
        if (jdbc.sql("select count(*) from team where organization_id = ? and slug = ? and id is distinct from ?")
                .params(organizationId, draft.slug(), teamId).query(Long.class).single() > 0) {
            throw new DuplicateValueException("slug", "Another team has this slug");
        }
        if (jdbc.sql("select count(*) from team where organization_id = ? and lower(name) = lower(?) and id is distinct from ?")
                .params(organizationId, draft.name().trim(), teamId).query(Long.class).single() > 0) {
            throw new DuplicateValueException("name", "Another team has this name");
        }
        if (draft.parentId() != null) {
            Team parent = directory.requireTeam(organizationId, draft.parentId(), "parentId");
            if (parent.id() == (teamId == null ? -1 : teamId)) {
                throw new FieldRejectedException("parentId", "A team cannot be its own parent");
            }
            if (parent.parentId() != null) {
                throw new FieldRejectedException("parentId", "Sub-teams go one level deep: choose a top-level team");
            }
            if (teamId != null && !teams.withSubTeams(teamId).equals(List.of(teamId))) {
                throw new FieldRejectedException("parentId", "This team has sub-teams, so it cannot become one");
            }
        }
    }

    private Team find(long id) {
        return jdbc.sql(SELECT + " where id = ?").param(id).query(Teams::team).single();
    }

    private static String description(Draft draft) {
        return draft.description() == null ? "" : draft.description().trim();
    }

    private void changed() {
        references.changed("team");
        references.changed("team_member");
        references.changed("app_user");
    }

    static Team team(ResultSet rs, int row) throws SQLException {
        return new Team(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                (Long) rs.getObject(6));
    }
}
