package dev.tokentally.reporting;

import java.util.List;
import java.util.Set;

import dev.tokentally.accounts.SignedInUser;
import dev.tokentally.accounts.TeamAccess;
import dev.tokentally.apikeys.ApiKeyPrincipal;
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
    private final TeamAccess teamAccess;

    ReportScopes(JdbcClient jdbc, TeamAccess teamAccess) {
        this.jdbc = jdbc;
        this.teamAccess = teamAccess;
    }

    public ReportScope of(SignedInUser user) {
        long organizationId = user.organizationId();
        TeamAccess.Visible visible = teamAccess.visibleTo(user);
        if (visible.all()) {
            return ReportScope.organization(organizationId);
        }
        return visible.none() ? ReportScope.member(organizationId, user.id()) : ReportScope.teams(organizationId, visible.teamIds());
    }

    public ReportScope of(ApiKeyPrincipal key) {
        List<Long> team = jdbc.sql("select team_id from api_key where id = ? and team_id is not null").param(key.keyId())
                .query(Long.class).list();
        return team.isEmpty() ? ReportScope.organization(key.organizationId()) : ReportScope.teams(key.organizationId(), Set.copyOf(team));
    }
}
