package dev.tokentally.reporting;

import java.util.List;
import java.util.Set;

import dev.tokentally.organizations.ApiKeyPrincipal;
import dev.tokentally.organizations.Role;
import dev.tokentally.organizations.SignedInUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Whose usage the one asking may see: an org admin the organization, a team manager the teams they manage (with
 * their sub-teams), any other member their own usage; an API key its organization, or its team's usage only when
 * it is bound to a team.
 */
@Service
@Transactional(readOnly = true)
public class ReportScopes {

    private final JdbcClient jdbc;

    ReportScopes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public ReportScope of(SignedInUser user) {
        long organizationId = user.organizationId();
        if (user.role() == Role.ORG_ADMIN) {
            return ReportScope.organization(organizationId);
        }
        Set<Long> managed = managedTeams(user.id());
        return managed.isEmpty() ? ReportScope.member(organizationId, user.id()) : ReportScope.teams(organizationId, managed);
    }

    public ReportScope of(ApiKeyPrincipal key) {
        List<Long> team = jdbc.sql("select team_id from api_key where id = ? and team_id is not null").param(key.keyId())
                .query(Long.class).list();
        return team.isEmpty() ? ReportScope.organization(key.organizationId()) : ReportScope.teams(key.organizationId(), Set.copyOf(team));
    }

    /** The teams the user manages and their sub-teams, as {@code organizations.TeamAccess} counts them. */
    private Set<Long> managedTeams(long userId) {
        return Set.copyOf(jdbc.sql("""
                        with managed as (select team_id from team_member where user_id = ? and manager)
                        select id from team where id in (select team_id from managed) or parent_id in (select team_id from managed)""")
                .param(userId).query(Long.class).list());
    }
}
