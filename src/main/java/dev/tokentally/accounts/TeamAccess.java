package dev.tokentally.accounts;

import java.util.Set;

import dev.tokentally.base.NotFoundException;
import dev.tokentally.organizations.Team;

/**
 * Which teams the signed-in user may see and manage: org admins (and platform admins) every team of their
 * organization, a team manager the teams they manage and those teams' sub-teams, anyone else none. Views,
 * reports and APIs of team figures ask here; another team is refused as if it did not exist. A port: the teams
 * module, which keeps who manages which team, implements it.
 */
public interface TeamAccess {

    /** The teams a user may see: all of the organization's, or just these. */
    record Visible(boolean all, Set<Long> teamIds) {

        public boolean allows(long teamId) {
            return all || teamIds.contains(teamId);
        }

        public boolean none() {
            return !all && teamIds.isEmpty();
        }
    }

    Visible visible(long organizationId);

    /** The teams of their own organization the user may see, for callers that already hold the signed-in user. */
    Visible visibleTo(SignedInUser user);

    /** True when the user manages at least one team (or is an admin): the teams view is theirs to open. */
    default boolean managesAny(long organizationId) {
        return !visible(organizationId).none();
    }

    /** @throws NotFoundException unless the signed-in user may see and manage the team */
    Team require(long teamId);
}
