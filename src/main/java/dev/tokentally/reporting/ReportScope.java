package dev.tokentally.reporting;

import java.util.Set;

/**
 * Whose usage a report may cover: an organization, or only some of its teams (a team manager's), or only one
 * member (a member's own). Built from who is asking, never from request parameters; the filters a user picks
 * narrow a report within it and can never widen it.
 */
public record ReportScope(long organizationId, Set<Long> teams, Long userId) {

    public ReportScope {
        teams = teams == null ? null : Set.copyOf(teams);
    }

    public static ReportScope organization(long organizationId) {
        return new ReportScope(organizationId, null, null);
    }

    public static ReportScope teams(long organizationId, Set<Long> teams) {
        return new ReportScope(organizationId, teams, null);
    }

    public static ReportScope member(long organizationId, long userId) {
        return new ReportScope(organizationId, null, userId);
    }

    /** Whether every team of the organization is in scope (teams not restricted). */
    public boolean allTeams() {
        return teams == null;
    }

    /** Whether a team (0: usage of no team) may be reported on. */
    public boolean covers(long teamId) {
        return teams == null || teams.contains(teamId);
    }
}
