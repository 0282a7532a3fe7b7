package dev.tokentally.reporting;

import java.util.Set;

import dev.tokentally.accounts.SignedInUser;
import dev.tokentally.accounts.TeamAccess;
import dev.tokentally.apikeys.ApiKeyPrincipal;
import org.springframework.jdbc.core.simple.JdbcClient;
import dev.tokentally.apikeys.ApiKeys;
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

    private final TeamAccess teamAccess;
    private final ApiKeys apiKeys;

    ReportScopes(TeamAccess teamAccess, ApiKeys apiKeys) {
        this.teamAccess = teamAccess;
        this.apiKeys = apiKeys;
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
        return apiKeys.boundTeam(key.keyId()).map(team -> ReportScope.teams(key.organizationId(), Set.of(team)))
                .orElse(ReportScope.organization(key.organizationId()));
    }
}
