package dev.tokentally.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.tokentally.testsupport.CsvRows;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.UsageCsv;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The usage events API and its CSV show every token type an event has (cached input, cache writes for 5 minutes and
 * for an hour, reasoning), the connection that served it and the wire format it came in, so that a reader can check a
 * cache-heavy bill.
 */
@TokentallyTest
class UsageEventsChannelTest extends GatewayTestSupport {

    @Test
    void events_and_their_csv_show_every_token_type_the_connection_and_the_wire_format() throws Exception {
        fakes.server.stubFor(GatewayFakes.anthropic().willReturn(GatewayFakes.json(GatewayFakes.anthropicMessage("msg_cache_heavy"))));
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-reasoning",
                GatewayFakes.OPENAI_USAGE))));
        assertThat(messages("""
                {"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":"Hello"}]}""").statusCode())
                .isEqualTo(200);
        assertThat(chat("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}""").statusCode()).isEqualTo(200);
        assertThat(post("/api/v1/usage", Map.of("Authorization", "Bearer " + acmeKey), """
                {"idempotency_key":"reported-1","provider":"openai","model":"gpt-4o-mini","input_tokens":10,"output_tokens":5}""")
                .statusCode()).isEqualTo(201);

        HttpResponse<String> page = get("application/json");

        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        JsonNode cacheHeavy = item(parse(page.body()), "gw:msg_cache_heavy");
        assertThat(cacheHeavy.path("input_tokens").asLong()).isEqualTo(3);
        assertThat(cacheHeavy.path("cached_input_tokens").asLong()).isEqualTo(2048);
        assertThat(cacheHeavy.path("cache_write_5m_tokens").asLong()).isEqualTo(12_000);
        assertThat(cacheHeavy.path("cache_write_1h_tokens").asLong()).isEqualTo(304);
        assertThat(cacheHeavy.path("output_tokens").asLong()).isEqualTo(550);
        assertThat(cacheHeavy.path("reasoning_tokens").asLong()).isZero();
        assertThat(cacheHeavy.path("connection").asString()).isEqualTo("anthropic");
        assertThat(cacheHeavy.path("wire_format").asString()).isEqualTo("anthropic_messages");
        JsonNode reasoning = item(parse(page.body()), "gw:chatcmpl-reasoning");
        assertThat(reasoning.path("reasoning_tokens").asLong()).isEqualTo(128);
        assertThat(reasoning.path("wire_format").asString()).isEqualTo("chat_completions");
        JsonNode reported = item(parse(page.body()), "reported-1");
        assertThat(reported.path("wire_format").asString()).isEqualTo("usage_api");
        assertThat(reported.path("connection").isNull()).isTrue();

        List<List<String>> rows = CsvRows.read(get("text/csv").body());
        assertThat(rows.getFirst()).contains("cached_input_tokens", "cache_write_5m_tokens", "cache_write_1h_tokens",
                "reasoning_tokens", "connection", "wire_format");
        List<String> row = rows.stream().filter(cells -> cells.contains("gw:msg_cache_heavy")).findFirst().orElseThrow();
        assertThat(row.get(UsageCsv.HEADER.indexOf("cached_input_tokens"))).isEqualTo("2048");
        assertThat(row.get(UsageCsv.HEADER.indexOf("cache_write_5m_tokens"))).isEqualTo("12000");
        assertThat(row.get(UsageCsv.HEADER.indexOf("cache_write_1h_tokens"))).isEqualTo("304");
        assertThat(row.get(UsageCsv.HEADER.indexOf("connection"))).isEqualTo("anthropic");
        assertThat(row.get(UsageCsv.HEADER.indexOf("wire_format"))).isEqualTo("anthropic_messages");
    }

    @Test
    void the_openapi_document_describes_the_new_event_fields() throws Exception {
        JsonNode schemas = parse(http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v3/api-docs")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("components").path("schemas");

        JsonNode event = schemas.path("UsageEventRow").path("properties");
        assertThat(event.propertyNames()).as(schemas.toString()).contains("input_tokens", "cached_input_tokens",
                "cache_write_5m_tokens", "cache_write_1h_tokens", "output_tokens", "reasoning_tokens", "connection",
                "wire_format");
        assertThat(event.path("wire_format").path("description").asString()).contains("responses", "member_chat");
    }

    private HttpResponse<String> get(String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/usage/events"))
                .header("Authorization", "Bearer " + acmeKey).header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode item(JsonNode page, String idempotencyKey) {
        return page.path("events").valueStream().filter(event -> event.path("idempotency_key").asString().equals(idempotencyKey))
                .findFirst().orElseThrow(() -> new AssertionError(idempotencyKey + " not in " + page));
    }
}
