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

    /** The gateway records after the provider's stream ends, which is after the client left: wait for it. */
    Map<String, Object> awaitEvent(String key) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            if (jdbc.sql("select count(*) from usage_event where idempotency_key = ?").param(key).query(Integer.class).single() > 0) {
                return event(key);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("No event " + key + " was recorded");
    }
}
