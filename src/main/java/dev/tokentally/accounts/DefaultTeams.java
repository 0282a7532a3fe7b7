package dev.tokentally.accounts;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each member's default team, kept on the member's account: the team an event of theirs goes to when nothing else
 * decides it. The teams module reads and sets it; it checks who may, and that the member is in the team.
 */
@Component
@Transactional(propagation = Propagation.SUPPORTS)
public class DefaultTeams {

    private final JdbcClient jdbc;

    DefaultTeams(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The default team of each of the organization's members that has one, by member id. */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Map<Long, Long> inOrganization(long organizationId) {
        Map<Long, Long> defaultTeams = new HashMap<>();
        jdbc.sql("select id, default_team_id from app_user where organization_id = ? and default_team_id is not null")
                .param(organizationId).query((rs, row) -> defaultTeams.put(rs.getLong(1), rs.getLong(2))).list();
        return defaultTeams;
    }

    /** The member's default team, if any. */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Optional<Long> of(long userId) {
        return jdbc.sql("select default_team_id from app_user where id = ? and default_team_id is not null").param(userId)
                .query(Long.class).optional();
    }

    /** Makes the team (null: none) the member's default team. */
    public void set(long userId, Long teamId) {
        jdbc.sql("update app_user set default_team_id = ? where id = ?").params(teamId, userId).update();
    }

    /** Clears the member's default team if it is this team (the member left it). */
    public void clearIf(long userId, long teamId) {
        jdbc.sql("update app_user set default_team_id = null where id = ? and default_team_id = ?").params(userId, teamId).update();
    }
}
