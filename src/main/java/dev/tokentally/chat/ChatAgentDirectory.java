package dev.tokentally.chat;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.base.Roles;
import dev.tokentally.organizations.AgentDirectory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The organization's agents as the other modules name them: names for budgets, teams for the team directory. */
@Component
@Transactional(readOnly = true)
class ChatAgentDirectory implements AgentDirectory {

    private final AgentRepository agents;
    private final CurrentUser currentUser;

    ChatAgentDirectory(AgentRepository agents, CurrentUser currentUser) {
        this.agents = agents;
        this.currentUser = currentUser;
    }

    @Override
    @PreAuthorize(Roles.IS_ADMIN)
    public List<String> names(long organizationId) {
        currentUser.requireAccessTo(organizationId);
        return agents.findByOrganizationIdOrderByName(organizationId).stream().map(Agent::getName).toList();
    }

    @Override
    public Map<String, Long> teamsByAgentName(long organizationId) {
        Map<String, Long> teams = new HashMap<>();
        agents.findByOrganizationIdOrderByName(organizationId).stream().filter(agent -> agent.getTeamId() != null)
                .forEach(agent -> teams.put(agent.getName().toLowerCase(Locale.ROOT), agent.getTeamId()));
        return teams;
    }
}
