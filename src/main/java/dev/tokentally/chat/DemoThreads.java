package dev.tokentally.chat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.models.ModelAccess;
import dev.tokentally.models.Tokenizer;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.usage.BatchOutcome;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Past conversations for the demo's history: threads answered by the offline demo model (or an agent on
 * it) at moments in the past, each answer billed through the ledger as a live answer is, with its tokens
 * counted as the chat counts them.
 */
@Component
@Transactional
public class DemoThreads {

    public record Exchange(String question, String answer) {
    }

    /** @param agent the name of one of the organization's agents, or null for a plain chat with the demo model */
    public record Conversation(long userId, String agent, Instant startedAt, List<Exchange> exchanges) {
    }

    private static final Duration BETWEEN_MESSAGES = Duration.ofMinutes(2);

    private final JdbcClient jdbc;
    private final AgentRepository agents;
    private final ModelAccess models;
    private final UsageRecorder recorder;
    private final Tokenizer tokenizer;
    private final PriceLookup prices;

    DemoThreads(JdbcClient jdbc, AgentRepository agents, ModelAccess models, UsageRecorder recorder, Tokenizer tokenizer,
                PriceLookup prices) {
        this.prices = prices;
        this.jdbc = jdbc;
        this.agents = agents;
        this.models = models;
        this.recorder = recorder;
        this.tokenizer = tokenizer;
    }

    public void add(long organizationId, List<Conversation> conversations) {
        long demoModel = prices.model("demo", "demo-mini").orElseThrow().modelId();
        for (Conversation conversation : conversations) {
            Agent agent = conversation.agent() == null ? null : agents.findByOrganizationIdOrderByName(organizationId).stream()
                    .filter(candidate -> candidate.getName().equals(conversation.agent())).findFirst().orElseThrow();
            long model = agent == null ? demoModel : agent.getModelId();
            ChatModelChoice choice = models.describe(model).orElseThrow();
            String first = conversation.exchanges().getFirst().question();
            long thread = jdbc.sql("""
                            insert into chat_thread (organization_id, user_id, agent_id, model_id, title, created_at, updated_at)
                            values (?, ?, ?, ?, ?, ?, ?) returning id""")
                    .params(organizationId, conversation.userId(), agent == null ? null : agent.getId(), model,
                            first.length() > 60 ? first.substring(0, 59) + "…" : first, timestamp(conversation.startedAt()),
                            timestamp(conversation.startedAt()))
                    .query(Long.class).single();
            answer(organizationId, thread, conversation, agent, choice.providerCode(), choice.name());
        }
    }

    /** Writes the questions and answers and bills each answer; the prompt of each call is the thread so far. */
    private void answer(long organizationId, long thread, Conversation conversation, Agent agent, String provider,
                        String modelName) {
        List<String> prompt = new ArrayList<>();
        if (agent != null) {
            prompt.add(agent.getSystemPrompt());
        }
        Instant at = conversation.startedAt();
        List<Long> answers = new ArrayList<>();
        List<ReportedCall> usage = new ArrayList<>();
        for (Exchange exchange : conversation.exchanges()) {
            message(thread, "USER", exchange.question(), null, at);
            prompt.add(exchange.question());
            at = at.plus(BETWEEN_MESSAGES);
            long answer = message(thread, "ASSISTANT", exchange.answer(), modelName, at);
            answers.add(answer);
            usage.add(new ReportedCall("demo-chat:" + thread + ":" + answer, provider, modelName,
                    TokenCounts.of(tokenizer.countPrompt(prompt), tokenizer.count(exchange.answer())), Attribution.of(conversation.userId(),
                    null, agent == null ? null : agent.getName(), String.valueOf(thread)), String.valueOf(answer), at, null,
                    null, false, UsageSource.CHAT));
            prompt.add(exchange.answer());
            at = at.plus(BETWEEN_MESSAGES);
        }
        List<BatchOutcome> recorded = recorder.recordAll(organizationId, usage);
        for (int i = 0; i < answers.size(); i++) {
            jdbc.sql("update chat_message set usage_event_id = ? where id = ?")
                    .params(recorded.get(i).result().event().id(), answers.get(i)).update();
        }
        jdbc.sql("update chat_thread set updated_at = ? where id = ?").params(timestamp(at), thread).update();
    }

    private long message(long thread, String role, String content, String model, Instant at) {
        return jdbc.sql("""
                        insert into chat_message (thread_id, role, content, status, model, created_at)
                        values (?, ?, ?, 'COMPLETE', ?, ?) returning id""")
                .params(thread, role, content, model, timestamp(at)).query(Long.class).single();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.from(instant);
    }
}
