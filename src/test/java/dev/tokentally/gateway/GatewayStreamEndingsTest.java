package dev.tokentally.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.Test;

/** A streamed call that reached the provider is recorded however it ends: never zero, never lost. */
@TokentallyTest
class GatewayStreamEndingsTest extends GatewayTestSupport {

    @Test
    void a_client_that_leaves_mid_stream_is_billed_what_the_provider_reported_at_its_end() throws Exception {
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.sse(GatewayFakes.openAiStream("chatcmpl-left-1",
                "One", " two", " three", " four", " five", " six")).withChunkedDribbleDelay(10, 1500)));
        String body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Count\"}]}";

        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + acmeKey
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder seen = new StringBuilder();
            byte[] buffer = new byte[256];
            while (!seen.toString().contains("data:")) {
                int read = in.read(buffer);
                assertThat(read).isPositive();
                seen.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
            }
            assertThat(seen.toString()).doesNotContain("[DONE]");
        }

        Map<String, Object> event = awaitEvent("chatcmpl-left-1");
        assertThat(event).containsEntry("input_tokens", 1200L).containsEntry("output_tokens", 350L)
                .containsEntry("estimated", false);
    }

    @Test
    void a_stream_that_ends_without_usage_is_recorded_as_counted_and_flagged_estimated() throws Exception {
        String full = GatewayFakes.openAiStream("chatcmpl-cut-1", "Half", " an", " answer");
        String cut = full.substring(0, full.indexOf("\"finish_reason\":\"stop\""));
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.sse(cut.substring(0, cut.lastIndexOf("data: ")))));

        chat("{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Tell me\"}]}");

        Map<String, Object> event = event("chatcmpl-cut-1");
        assertThat(event).containsEntry("estimated", true).containsEntry("output_tokens", 3L);
        assertThat((Long) event.get("input_tokens")).isPositive();
        assertThat((java.math.BigDecimal) event.get("billed_cost")).isPositive();
    }

    @Test
    void a_streamed_answer_ends_with_its_cost_in_http_trailers_equal_to_the_ledgers() throws Exception {
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.sse(GatewayFakes.openAiStream("chatcmpl-trailers-1",
                "Costs", " at", " the", " end"))));
        String body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

        String response;
        try (Socket socket = new Socket("localhost", port)) {
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nTE: trailers\r\n"
                    + "Connection: close\r\nAuthorization: Bearer " + acmeKey + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
        assertThat(head).contains("transfer-encoding: chunked", "trailer: x-tokentally-cost, x-tokentally-currency, x-tokentally-event-id")
                .doesNotContain("x-tokentally-cost:");
        Map<String, String> trailers = trailers(response.substring(response.indexOf("\r\n\r\n") + 4));
        Map<String, Object> event = event("chatcmpl-trailers-1");
        assertThat(new java.math.BigDecimal(trailers.get("x-tokentally-cost")))
                .isEqualByComparingTo((java.math.BigDecimal) event.get("billed_cost")).isPositive();
        assertThat(trailers).containsEntry("x-tokentally-currency", (String) event.get("billed_currency"))
                .containsEntry("x-tokentally-event-id", (String) event.get("id"));
        assertThat(event).as("a streamed call names its key too").containsEntry("api_key_id", acmeKeyId());
    }

    /** The trailer fields after a chunked body's last, empty chunk. */
    static Map<String, String> trailers(String chunked) {
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            at = lineEnd + 2;
            if (size == 0) {
                break;
            }
            // Sizes count bytes: the stream here is ASCII, so characters are bytes.
            at += size + 2;
        }
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String line : chunked.substring(at).split("\r\n")) {
            if (line.contains(":")) {
                fields.put(line.substring(0, line.indexOf(':')).trim().toLowerCase(java.util.Locale.ROOT),
                        line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return fields;
    }

    /** The gateway records after the provider's stream ends, which is after the client left: wait for it. */
    Map<String, Object> awaitEvent(String key) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            if (jdbc.sql("select count(*) from usage_event where idempotency_key in (?, ?)")
                    .params(key, UsageSource.GATEWAY_KEY_PREFIX + key).query(Integer.class).single() > 0) {
                return event(key);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("No event " + key + " was recorded");
    }
}
