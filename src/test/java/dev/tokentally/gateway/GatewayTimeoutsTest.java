package dev.tokentally.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A provider that goes silent holds nothing for longer than the gateway's timeouts: the client's answer ends, the
 * call is recorded as estimated with what was counted, and its budget reservation is let go at once.
 */
@TokentallyTest
class GatewayTimeoutsTest extends GatewayTestSupport {

    @Autowired
    UpstreamCalls upstreamCalls;
    GatewayTimeouts shipped;

    void shorten(Duration firstByte, Duration idle, Duration total) {
        shipped = upstreamCalls.useTimeouts(new GatewayTimeouts(firstByte, idle, total));
    }

    @AfterEach
    void restoreTimeouts() {
        if (shipped != null) {
            upstreamCalls.useTimeouts(shipped);
        }
    }

    /**
     * A hard budget on Acme with room for a few dozen calls, too little for a lease (BudgetLeases), so that each call holds
     * a reservation of its own until it is recorded.
     */
    void hardBudget() {
        hardBudget(new BigDecimal("0.003"));
    }

    int reservations() {
        return jdbc.sql("select count(*) from budget_reservation").query(Integer.class).single();
    }

    @Test
    void a_stream_that_goes_silent_ends_at_the_idle_timeout_recorded_as_estimated_and_its_reservation_let_go()
            throws Exception {
        shorten(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(1));
        hardBudget();
        String stream = GatewayFakes.openAiStream("chatcmpl-silent-1", "Thinking", " very", " hard", " about", " it");
        // Half the stream after 4 s, the rest 4 s later: the provider goes silent in the middle of the answer.
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.sse(stream).withChunkedDribbleDelay(2, 8_000)));
        String body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"max_tokens\":100,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Think\"}]}";

        HttpResponse<java.io.InputStream> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + acmeKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        StringBuilder received = new StringBuilder();
        long ended;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String first = lines.readLine();
            assertThat(first).startsWith("data: ");
            assertThat(reservations()).as("held while the answer flows").isPositive();
            long silentFrom = System.nanoTime();
            for (String line = first; line != null; line = lines.readLine()) {
                received.append(line).append('\n');
            }
            ended = Duration.ofNanos(System.nanoTime() - silentFrom).toMillis();
        }

        assertThat(ended).as("the answer ends after a second of silence, not when the provider resumes 4 s later")
                .isLessThan(3_000);
        assertThat(received.toString()).contains("\"content\":\"Thinking\"").doesNotContain("[DONE]")
                .contains("stream idle timeout");
        assertThat(reservations()).as("let go once recorded").isZero();
        Map<String, Object> event = event("chatcmpl-silent-1");
        assertThat(event).containsEntry("estimated", true);
        assertThat((Long) event.get("input_tokens")).isPositive();
        assertThat((Long) event.get("output_tokens")).as("the text that arrived, counted").isPositive();
    }

    @Test
    void a_plain_call_without_an_answer_within_the_first_byte_timeout_is_504_and_recorded_at_its_worst_case()
            throws Exception {
        shorten(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMinutes(1));
        hardBudget();
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-late-1",
                GatewayFakes.OPENAI_USAGE)).withFixedDelay(6_000)));

        long started = System.nanoTime();
        HttpResponse<String> response = chat("""
                {"model":"gpt-4o-mini","max_tokens":300,"messages":[{"role":"user","content":"Take your time"}]}""");
        long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(parse(response.body()).path("error").path("message").asString()).contains("did not answer in time");
        assertThat(waited).isLessThan(5_000);
        assertThat(reservations()).isZero();
        String key = jdbc.sql("select idempotency_key from usage_event where source = 'GATEWAY'").query(String.class).single();
        Map<String, Object> event = event(key);
        assertThat(event).as("the provider bills the call: the prompt and the most it could answer")
                .containsEntry("estimated", true).containsEntry("output_tokens", 300L);
        assertThat((Long) event.get("input_tokens")).isPositive();
        assertThat((BigDecimal) event.get("billed_cost")).isPositive();
    }

    @Test
    void a_stream_that_trickles_on_ends_at_the_total_timeout_recorded_as_estimated() throws Exception {
        shorten(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2));
        String stream = GatewayFakes.openAiStream("chatcmpl-trickle-1", "A", " word", " every", " now", " and", " then");
        // Something every half second, for ten seconds: never idle, always slow.
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.sse(stream).withChunkedDribbleDelay(20, 10_000)));

        long started = System.nanoTime();
        HttpResponse<String> response = chat("""
                {"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Slowly"}]}""");
        long took = Duration.ofNanos(System.nanoTime() - started).toMillis();

        assertThat(took).isBetween(1_500L, 6_000L);
        assertThat(response.body()).contains("total timeout").doesNotContain("[DONE]");
        assertThat(event("chatcmpl-trickle-1")).containsEntry("estimated", true);
    }

    @Test
    void a_plain_answer_that_stalls_midway_is_504_and_recorded_at_its_worst_case() throws Exception {
        shorten(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofMinutes(1));
        // Half the answer after one second, the rest a second later: silent for longer than the idle timeout.
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-stalled-1",
                GatewayFakes.OPENAI_USAGE)).withChunkedDribbleDelay(2, 2_000)));

        HttpResponse<String> response = chat("""
                {"model":"gpt-4o-mini","max_tokens":200,"messages":[{"role":"user","content":"Hello"}]}""");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(parse(response.body()).path("error").path("message").asString()).contains("stream idle timeout");
        String key = jdbc.sql("select idempotency_key from usage_event where source = 'GATEWAY'").query(String.class).single();
        assertThat(event(key)).containsEntry("estimated", true).containsEntry("output_tokens", 200L);
    }
}
