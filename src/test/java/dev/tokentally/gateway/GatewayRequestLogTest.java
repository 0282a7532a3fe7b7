package dev.tokentally.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.tokentally.requests.BodyStorage;
import dev.tokentally.requests.BodyStorageSettings;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every gateway call leaves a row in the request log, answered or refused, with the ledger's tokens and cost. */
@TokentallyTest
class GatewayRequestLogTest extends GatewayTestSupport {

    static final String CALL = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @Autowired
    BodyStorageSettings bodyStorage;

    @Test
    void an_answered_call_is_logged_with_its_status_latency_and_the_ledger_events_tokens_and_cost() throws Exception {
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-log-1",
                GatewayFakes.OPENAI_USAGE))));

        assertThat(chat(CALL).statusCode()).isEqualTo(200);

        Map<String, Object> row = awaitRow();
        Map<String, Object> event = event("chatcmpl-log-1");
        assertThat(row).containsEntry("status", 200).containsEntry("streamed", false).containsEntry("ttft_ms", null)
                .containsEntry("error_code", null).containsEntry("api_key_id", acmeKeyId).containsEntry("model", event.get("model"))
                .containsEntry("connection", "openai").containsEntry("wire_format", "chat_completions")
                .containsEntry("endpoint", "/v1/chat/completions").containsEntry("usage_event_id", event.get("id"))
                .containsEntry("input_tokens", event.get("input_tokens")).containsEntry("output_tokens", event.get("output_tokens"))
                .containsEntry("cached_input_tokens", event.get("cached_input_tokens"))
                .containsEntry("reasoning_tokens", event.get("reasoning_tokens")).containsEntry("currency", event.get("billed_currency"))
                .containsEntry("cache_hit", false).containsEntry("request_body", null);
        assertThat((BigDecimal) row.get("cost")).isEqualByComparingTo((BigDecimal) event.get("billed_cost")).isPositive();
        assertThat((Long) row.get("latency_ms")).isPositive();
    }

    @Test
    void a_streamed_call_is_logged_with_its_time_to_first_byte() throws Exception {
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.sse(GatewayFakes.openAiStream("chatcmpl-log-2",
                "One", " two", " three"))));

        chat("{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Count\"}]}");

        Map<String, Object> row = awaitRow();
        Map<String, Object> event = event("chatcmpl-log-2");
        assertThat(row).containsEntry("status", 200).containsEntry("streamed", true).containsEntry("error_code", null)
                .containsEntry("usage_event_id", event.get("id")).containsEntry("input_tokens", 1200L)
                .containsEntry("output_tokens", 350L);
        assertThat((BigDecimal) row.get("cost")).isEqualByComparingTo((BigDecimal) event.get("billed_cost"));
        assertThat((Long) row.get("ttft_ms")).isPositive().isLessThanOrEqualTo((Long) row.get("latency_ms"));
    }

    @Test
    void a_call_refused_by_the_budget_is_logged_as_429_with_its_reason_and_no_cost() throws Exception {
        hardBudgetWithRoomFor(0, new BigDecimal("0.000001"));

        assertThat(chat(CALL).statusCode()).isEqualTo(429);

        Map<String, Object> row = awaitRow();
        assertThat(row).containsEntry("status", 429).containsEntry("error_code", "budget_exceeded")
                .containsEntry("usage_event_id", null).containsEntry("cost", null).containsEntry("input_tokens", 0L)
                .containsEntry("model", "gpt-4o-mini");
        assertThat((String) row.get("error_message")).contains("Acme monthly");
        assertThat((Long) row.get("latency_ms")).isPositive();
        assertThat(fakes.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void a_provider_error_is_logged_with_the_providers_status_and_message() throws Exception {
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(WireMock.aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens\",\"type\":\"invalid_request_error\"}}")));

        assertThat(chat(CALL).statusCode()).isEqualTo(400);

        Map<String, Object> row = awaitRow();
        assertThat(row).containsEntry("status", 400).containsEntry("error_code", "provider_error")
                .containsEntry("error_message", "This model's maximum context length is 128000 tokens")
                .containsEntry("usage_event_id", null);
    }

    @Test
    void bodies_are_stored_only_when_the_organization_turns_it_on_and_then_without_keys() throws Exception {
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion(
                "chatcmpl-{{randomValue type='UUID'}}", GatewayFakes.OPENAI_USAGE)).withTransformers("response-template")));
        String leaky = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"my key is sk-proj-abcdefghijklmnop1234 and AKIAABCDEFGHIJKLMNOP\"}]}";
        chat(leaky);
        assertThat(awaitRow()).containsEntry("request_body", null).containsEntry("response_body", null);

        RunAs.user(users, "admin@acme.test", () -> {
            bodyStorage.configure(organization("acme"), new BodyStorage(true, 7));
            return null;
        });
        chat(leaky);

        await().atMost(Duration.ofSeconds(10)).until(() -> rows().size() == 2);
        Map<String, Object> stored = rows().getFirst();
        assertThat((String) stored.get("request_body")).contains("my key is [redacted] and [redacted]")
                .doesNotContain("sk-proj", "AKIA", acmeKey);
        assertThat((String) stored.get("response_body")).contains("Hello there!");
    }

    private Map<String, Object> awaitRow() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !rows().isEmpty());
        return rows().getFirst();
    }

    /** Acme's logged calls, newest first. */
    private List<Map<String, Object>> rows() {
        return jdbc.sql("""
                        select status, error_code, error_message, latency_ms, ttft_ms, streamed, api_key_id, model, connection,
                               wire_format, endpoint, usage_event_id::text as usage_event_id, input_tokens, cached_input_tokens,
                               output_tokens, reasoning_tokens, cost, currency, cache_hit, request_body, response_body
                        from request_log where organization_id = ? order by occurred_at desc, id desc""")
                .param(organization("acme")).query().listOfRows();
    }
}
