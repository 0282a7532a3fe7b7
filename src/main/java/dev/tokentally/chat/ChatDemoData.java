package dev.tokentally.chat;

import java.math.BigDecimal;

import dev.tokentally.base.SeedData;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.pricing.PriceLookup;
import org.springframework.stereotype.Component;

/** Acme has two agents on the offline demo model (the models the demo organizations may use are {@code models}' seed). */
@Component
class ChatDemoData implements SeedData {

    private final AgentRepository agents;
    private final OrganizationService organizations;
    private final PriceLookup prices;

    ChatDemoData(AgentRepository agents, OrganizationService organizations, PriceLookup prices) {
        this.agents = agents;
        this.organizations = organizations;
        this.prices = prices;
    }

    @Override
    public String name() {
        return "chat-demo";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public boolean demoOnly() {
        return true;
    }

    @Override
    public void load() {
        long acme = organizations.idOfSlug("acme").orElseThrow();
        long demoMini = prices.model("demo", "demo-mini").orElseThrow().modelId();
        agent(acme, "Support writer", "Drafts friendly replies to customer tickets.",
                "You write short, friendly replies to customer support tickets for Acme Corp. Ask for missing details.",
                demoMini, new BigDecimal("0.30"), 800);
        agent(acme, "Code reviewer", "Reviews a diff and lists concrete problems.",
                "You review code changes. List concrete problems first, then suggestions. Be brief.",
                demoMini, new BigDecimal("0.10"), 1500);
    }

    private void agent(long organizationId, String name, String description, String systemPrompt, long modelId,
                       BigDecimal temperature, int maxOutputTokens) {
        Agent agent = new Agent();
        agent.setOrganizationId(organizationId);
        agent.setName(name);
        agent.setDescription(description);
        agent.setSystemPrompt(systemPrompt);
        agent.setModelId(modelId);
        agent.setTemperature(temperature);
        agent.setMaxOutputTokens(maxOutputTokens);
        agents.save(agent);
    }
}
