package dev.tokentally.chat;

import java.math.BigDecimal;
import java.util.List;

import dev.tokentally.base.SeedData;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo organizations may chat with the offline demo model (and, once a platform admin enables their
 * providers, a few real ones); Acme has two agents.
 */
@Component
class ChatDemoData implements SeedData {

    private static final List<String> ALLOWED = List.of("demo/demo-mini", "openai/gpt-4o-mini", "openai/gpt-4o",
            "anthropic/claude-sonnet-4-20250514", "openrouter/openai/gpt-4o-mini", "ollama/llama3.2");

    private final JdbcClient jdbc;
    private final AgentRepository agents;

    ChatDemoData(JdbcClient jdbc, AgentRepository agents) {
        this.jdbc = jdbc;
        this.agents = agents;
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
        jdbc.sql("""
                        insert into allowed_model (organization_id, model_id)
                        select o.id, m.id from organization o, model m join provider p on p.id = m.provider_id
                        where o.slug in ('acme', 'globex') and p.code || '/' || m.name in (:allowed)""")
                .param("allowed", ALLOWED).update();
        long acme = jdbc.sql("select id from organization where slug = 'acme'").query(Long.class).single();
        long demoMini = jdbc.sql("select m.id from model m join provider p on p.id = m.provider_id "
                + "where p.code = 'demo' and m.name = 'demo-mini'").query(Long.class).single();
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
