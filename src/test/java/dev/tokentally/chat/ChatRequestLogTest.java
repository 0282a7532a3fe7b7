package dev.tokentally.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.UsageEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

/** A member's chat answer is in the request log beside the gateway's calls, with the member and the ledger's cost. */
@TokentallyTest
@WithUserDetails("alice@acme.test")
class ChatRequestLogTest {

    @Autowired
    ChatThreads threads;
    @Autowired
    Answering answering;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    @Test
    void a_member_chat_answer_is_logged_with_the_member_its_first_token_and_the_ledger_events_cost() {
        ChatThread thread = threads.create(null, fixtures.demoModel());
        AnswerProbe probe = new AnswerProbe();
        answering.ask(thread.id(), "What does a request log show?", probe);
        UsageEvent event = probe.end().usage();

        await().atMost(Duration.ofSeconds(10)).until(() -> !rows().isEmpty());
        Map<String, Object> row = rows().getFirst();
        assertThat(row).containsEntry("user_id", fixtures.user("alice@acme.test")).containsEntry("api_key_id", null)
                .containsEntry("status", 200).containsEntry("error_code", null).containsEntry("endpoint", "chat")
                .containsEntry("wire_format", "member_chat").containsEntry("model", "demo-mini")
                .containsEntry("usage_event_id", event.id().toString()).containsEntry("input_tokens", event.tokens().input())
                .containsEntry("output_tokens", event.tokens().output()).containsEntry("currency", event.cost().billedCurrency());
        assertThat((BigDecimal) row.get("cost")).isEqualByComparingTo(event.cost().billedCost());
        assertThat((Long) row.get("latency_ms")).isPositive();
        assertThat((Long) row.get("ttft_ms")).isNotNull().isLessThanOrEqualTo((Long) row.get("latency_ms"));
    }

    private List<Map<String, Object>> rows() {
        return jdbc.sql("""
                        select user_id, api_key_id, status, error_code, endpoint, wire_format, model, usage_event_id::text as usage_event_id,
                               input_tokens, output_tokens, cost, currency, latency_ms, ttft_ms
                        from request_log where organization_id = ? order by occurred_at desc, id desc""")
                .param(fixtures.organization("acme")).query().listOfRows();
    }
}
