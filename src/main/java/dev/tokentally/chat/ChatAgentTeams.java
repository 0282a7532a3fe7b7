package dev.tokentally.chat;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.tokentally.organizations.AgentTeams;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The teams the organization's agents are charged to, for {@code organizations}' team directory. */
@Component
@Transactional(readOnly = true)
class ChatAgentTeams implements AgentTeams {

    private final AgentRepository agents;

    ChatAgentTeams(AgentRepository agents) {
        this.agents = agents;
    }

    @Override
    public Map<String, Long> teamsByAgentName(long organizationId) {
        Map<String, Long> teams = new HashMap<>();
        agents.findByOrganizationIdOrderByName(organizationId).stream().filter(agent -> agent.getTeamId() != null)
                .forEach(agent -> teams.put(agent.getName().toLowerCase(Locale.ROOT), agent.getTeamId()));
        return teams;
    }
}
