package dev.tokentally.organizations;

import java.util.List;
import java.util.Map;

/**
 * An organization's agents as other modules name them: their names (budgets offer agent budgets) and the teams they
 * are charged to (for {@link TeamDirectory}). A port: agents belong to {@code chat}, a feature, which implements it,
 * so that neither the team directory nor another feature depends on the chat.
 */
public interface AgentDirectory {

    /** The names of the organization's agents, by name; for org admins. */
    List<String> names(long organizationId);

    /** The team of each of the organization's agents that has one, by the agent's lower-cased name. */
    Map<String, Long> teamsByAgentName(long organizationId);
}
