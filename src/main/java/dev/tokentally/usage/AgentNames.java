package dev.tokentally.usage;

import java.util.List;

/**
 * The organization's agents by name, as usage events and budgets name them. A port: the chat module, which keeps
 * the agents, implements it, so that budgets can offer agent budgets without depending on the chat.
 */
public interface AgentNames {

    /** The names of the organization's agents, by name; for org admins. */
    List<String> of(long organizationId);
}
