package dev.tokentally.apikeys;

import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The teams an organization's keys are bound to, for the team directory (which {@link ApiKeys} itself asks, hence
 * a class of its own). Asks for no signed-in user: the recording path asks it.
 */
@Component
public class ApiKeyTeams {

    private final JdbcClient jdbc;

    ApiKeyTeams(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every key of the organization by id, with its team or 0 for none: an unknown key is another organization's. */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Map<Long, Long> of(long organizationId) {
        Map<Long, Long> keyTeams = new HashMap<>();
        jdbc.sql("select id, coalesce(team_id, 0) from api_key where organization_id = ?").param(organizationId)
                .query((rs, row) -> keyTeams.put(rs.getLong(1), rs.getLong(2))).list();
        return keyTeams;
    }
}
