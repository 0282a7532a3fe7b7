package dev.tokentally.organizations;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.tokentally.base.FieldRejectedException;

/**
 * Each organization's teams (its cost centers) and who is in them: what decides an event's team, which teams a
 * call's budgets are on, whom a team's alerts go to. A port: the teams module keeps the teams and implements it,
 * so that recording, budgets, keys and chat can ask without depending on a feature.
 */
public interface TeamDirectory {

    /** What the organization's recording path needs to know about teams. */
    public record OrganizationTeams(Map<Long, Team> byId, Map<String, Team> byHandle, Map<Long, Long> defaultTeams,
                                    Map<Long, Long> keyTeams, Map<String, Long> agentTeams) {

        /** The team whose slug or name (any case) this is. */
        public Optional<Team> find(String slugOrName) {
            return slugOrName == null ? Optional.empty()
                    : Optional.ofNullable(byHandle.get(slugOrName.trim().toLowerCase(Locale.ROOT)));
        }

        /**
         * The team an event is attributed to, in this order: the key's or the agent's team, the team the source
         * named, the member's default team, else none (null).
         *
         * @throws IllegalArgumentException when the key or the named team is not the organization's
         */
        public Long attribute(Long apiKeyId, String agent, Long namedTeamId, Long userId) {
            Long keyTeam = null;
            if (apiKeyId != null) {
                keyTeam = keyTeams.get(apiKeyId);
                if (keyTeam == null) {
                    throw new IllegalArgumentException("API key " + apiKeyId + " is not a key of the organization");
                }
            }
            if (namedTeamId != null && !byId.containsKey(namedTeamId)) {
                throw new IllegalArgumentException("Team " + namedTeamId + " is not a team of the organization");
            }
            if (keyTeam != null && keyTeam != 0) {
                return keyTeam;
            }
            Long agentTeam = agent == null ? null : agentTeams.get(agent.toLowerCase(Locale.ROOT));
            if (agentTeam != null) {
                return agentTeam;
            }
            if (namedTeamId != null) {
                return namedTeamId;
            }
            return userId == null ? null : defaultTeams.get(userId);
        }

        /** The team and, for a sub-team, its parent: the teams whose budgets a call of the team must fit. */
        public List<Long> path(Long teamId) {
            List<Long> path = new ArrayList<>(2);
            Team team = teamId == null ? null : byId.get(teamId);
            if (team != null) {
                path.add(team.id());
                if (team.parentId() != null) {
                    path.add(team.parentId());
                }
            }
            return path;
        }

        /** The team and its sub-teams: the teams whose usage a team's figures include. */
        public List<Long> withSubTeams(long teamId) {
            List<Long> teams = new ArrayList<>();
            teams.add(teamId);
            byId.values().stream().filter(team -> Long.valueOf(teamId).equals(team.parentId()))
                    .forEach(team -> teams.add(team.id()));
            return teams;
        }
    }

    /** The organization's teams, cached until a team, membership, member, key or agent changes. */
    OrganizationTeams of(long organizationId);

    /**
     * The organization's teams, read again when one of the keys or teams is not among them (created a moment ago
     * on another instance, or on this one before its notification came back).
     */
    OrganizationTeams knowing(long organizationId, Collection<Long> apiKeyIds, Collection<Long> teamIds);

    /**
     * The organization's team with this id, for a form's team field.
     *
     * @throws FieldRejectedException on {@code field} when the id is null or names no team of the organization
     */
    default Team requireTeam(long organizationId, Long teamId, String field) {
        Team team = teamId == null ? null : knowing(organizationId, List.of(), List.of(teamId)).byId().get(teamId);
        if (team == null) {
            throw new FieldRejectedException(field, "Choose a team of the organization");
        }
        return team;
    }

    /** Every team of the organization, parents before their sub-teams, by name. */
    List<Team> all(long organizationId);

    /** The teams a member belongs to, by name. */
    List<Team> teamsOf(long userId);

    /** The member's default team, if any. */
    Optional<Long> defaultTeamOf(long userId);

    /** Whether the member belongs to the team. */
    boolean isMember(long teamId, long userId);

    /** The emails of the team's managers and, for a sub-team, its parent's: they hear of the team's budgets. */
    List<String> managerEmails(long teamId);
}
