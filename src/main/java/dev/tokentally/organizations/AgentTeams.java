package dev.tokentally.organizations;

import java.util.Map;

/**
 * The teams agents are charged to, for {@link TeamDirectory}. Agents belong to {@code chat}, which depends on this
 * module and provides this port, so that deciding an event's team needs no one else's table.
 */
public interface AgentTeams {

    /** The team of each of the organization's agents that has one, by the agent's lower-cased name. */
    Map<String, Long> teamsByAgentName(long organizationId);
}
