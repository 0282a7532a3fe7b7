package dev.tokentally.usage.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** What the ingest API refuses, and how: each refusal a 422 problem detail naming the field, nothing recorded. */
@TokentallyTest
class UsageApiInputTest {

    static final String EVENT = UsageApiTest.EVENT;

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    ApiHttp api;
    String key;

    @BeforeEach
    void key() {
        api = new ApiHttp(port);
        key = fixtures.apiKey("acme").secret();
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return api.post(path, key, body.getBytes(StandardCharsets.UTF_8));
    }

    int events() {
        return jdbc.sql("select count(*) from usage_event").query(Integer.class).single();
    }

    /** Asserts a 422 problem detail whose first error names {@code field}; returns that error's message. */
    String refused(String body, String field) throws Exception {
        HttpResponse<String> response = post("/api/v1/usage", body);
        assertThat(response.statusCode()).as(field + ": " + response.body()).isEqualTo(422);
        assertThat(api.isProblem(response)).as(response.body()).isTrue();
        JsonNode error = api.json(response).get("errors").get(0);
        assertThat(error.get("field").asString()).as(response.body()).isEqualTo(field);
        return error.get("message").asString();
    }

    static String with(String field, String json) {
        return EVENT.replaceFirst("\"" + field + "\": (\"[^\"]*\"|[0-9]+|\\{[^}]*})", java.util.regex.Matcher.quoteReplacement("\"" + field + "\": " + json));
    }

    @Test
    void a_value_of_the_wrong_type_is_422_naming_its_field() throws Exception {
        for (String field : new String[]{"occurred_at", "provider_cost_usd", "idempotency_key", "user", "input_tokens"}) {
            refused(with(field, "{\"a\": 1}"), field);
            refused(with(field, "[1, 2]"), field);
        }
        assertThat(refused(with("metadata", "\"text\""), "metadata")).isEqualTo("must be a JSON object");
        assertThat(refused(with("occurred_at", "1700000000"), "occurred_at")).contains("ISO-8601");
        assertThat(refused(with("input_tokens", "true"), "input_tokens")).isEqualTo("must be a number");
        assertThat(events()).isZero();
    }

    @Test
    void control_characters_are_refused_in_every_text_and_in_metadata() throws Exception {
        for (String c : new String[]{"\\u0000", "\\u0001", "\\u001b", "\\n", "\\t"}) {
            assertThat(refused(with("idempotency_key", "\"gen" + c + "1\""), "idempotency_key"))
                    .isEqualTo("must not contain control characters");
            refused(with("user", "\"al" + c + "ice\""), "user");
            refused(with("model", "\"gpt" + c + "\""), "model");
        }
        refused(with("metadata", "{\"app\": \"a\\u0000b\"}"), "metadata");
        refused(with("metadata", "{\"a\\u0000\": \"b\"}"), "metadata");
        refused(with("agent", "\"broken \\ud800 surrogate\""), "agent");
        assertThat(post("/api/v1/usage", with("metadata", "{\"note\": \"line one\\nline two\\tend\"}")).statusCode())
                .as("metadata text may have line breaks and tabs").isEqualTo(201);
        assertThat(events()).isEqualTo(1);
    }

    @Test
    void text_and_metadata_are_bounded() throws Exception {
        assertThat(refused(with("user", "\"" + "u".repeat(201) + "\""), "user")).isEqualTo("must be at most 200 characters");
        refused(with("provider", "\"" + "p".repeat(101) + "\""), "provider");
        refused(with("metadata", "{\"big\": \"" + "x".repeat(5000) + "\"}"), "metadata");
        refused(with("metadata", "{\"a\": {\"b\": {\"c\": {\"d\": {\"e\": {\"f\": 1}}}}}}"), "metadata");
        assertThat(post("/api/v1/usage", with("metadata", "{\"a\": {\"b\": {\"c\": {\"d\": 1}}}}")).statusCode()).isEqualTo(201);
    }

    @Test
    void counts_money_and_times_out_of_range_are_refused() throws Exception {
        assertThat(refused(with("provider_cost_usd", "\"1e200000\""), "provider_cost_usd")).startsWith("must be a decimal of at most");
        refused(with("provider_cost_usd", "1e200000"), "provider_cost_usd");
        refused(with("provider_cost_usd", "\"0." + "0".repeat(20) + "1\""), "provider_cost_usd");
        refused(with("provider_cost_usd", "\"-0.5\""), "provider_cost_usd");
        refused(with("cached_input_tokens", "1000000001"), "cached_input_tokens");
        refused(with("input_tokens", "99999999999999999999999"), "input_tokens");
        assertThat(refused(with("occurred_at", "\"-300000000-01-01T00:00:00Z\""), "occurred_at"))
                .isEqualTo("must not be before 2015-01-01T00:00:00Z");
        refused(with("occurred_at", "\"0001-01-01T00:00:00Z\""), "occurred_at");
        refused(with("occurred_at", "\"2014-12-31T23:59:59Z\""), "occurred_at");
        refused(with("occurred_at", "\"+999999999-12-31T23:59:59Z\""), "occurred_at");
        refused(with("occurred_at", "\"" + Instant.now().plus(6, ChronoUnit.MINUTES) + "\""), "occurred_at");
        assertThat(post("/api/v1/usage", with("occurred_at", "\"2015-01-01T00:00:00Z\"")).statusCode()).isEqualTo(201);
        assertThat(events()).isEqualTo(1);
    }

    @Test
    void refusals_by_spring_itself_are_problem_details_too() throws Exception {
        HttpResponse<String> wrongType = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/api/v1/usage")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "text/plain").POST(java.net.http.HttpRequest.BodyPublishers.ofString(EVENT)).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrongMethod = api.get("/api/v1/usage/batch", key, "application/json");
        HttpResponse<String> empty = post("/api/v1/usage", "");

        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(api.isProblem(wrongType)).as(wrongType.body()).isTrue();
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(api.isProblem(wrongMethod)).as(wrongMethod.body()).isTrue();
        assertThat(empty.statusCode()).isEqualTo(422);
        assertThat(api.isProblem(empty)).as(empty.body()).isTrue();
    }

    @Test
    void a_field_given_twice_is_refused() throws Exception {
        HttpResponse<String> response = post("/api/v1/usage", EVENT.replace("\"model\": \"gpt-4o-mini\",",
                "\"model\": \"gpt-4o-mini\", \"model\": \"gpt-4o\","));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(api.isProblem(response)).isTrue();
        assertThat(response.body()).contains("Duplicate").contains("model");
        assertThat(events()).isZero();
    }

    @Test
    void counts_that_contradict_the_providers_way_of_counting_are_refused_with_the_reason() throws Exception {
        String openAiOverCached = EVENT.replace("\"cached_input_tokens\": 1024", "\"cached_input_tokens\": 1300");
        assertThat(refused(openAiOverCached, "cached_input_tokens"))
                .isEqualTo("cached and cache-write tokens (1300) exceed input_tokens (1200): openai counts them inside the input");
        assertThat(refused(EVENT.replace("\"reasoning_tokens\": 128", "\"reasoning_tokens\": 351"), "reasoning_tokens"))
                .isEqualTo("exceed output_tokens (350): openai counts reasoning tokens inside the output");
        assertThat(events()).isZero();

        String anthropic = openAiOverCached.replace("\"openai\"", "\"anthropic\"").replace("gpt-4o-mini", "claude-sonnet-4-5");
        assertThat(post("/api/v1/usage", anthropic).statusCode()).as("Anthropic counts cache reads outside the input")
                .isEqualTo(201);
        String google = EVENT.replace("\"openai\"", "\"google\"").replace("gpt-4o-mini", "gemini-2.5-pro")
                .replace("\"reasoning_tokens\": 128", "\"reasoning_tokens\": 900").replace("gen-123", "gen-g");
        assertThat(post("/api/v1/usage", google).statusCode()).as("Gemini reports thoughts beside the output").isEqualTo(201);
    }

    @Test
    void provider_codes_are_normalized_before_pricing() throws Exception {
        HttpResponse<String> response = post("/api/v1/usage", EVENT.replace("\"openai\"", "\" OpenAI \""));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(api.json(response).get("priced").asBoolean()).isTrue();
        assertThat(api.json(response).get("raw_cost_usd").asString()).isEqualTo("0.0003132");
        assertThat(jdbc.sql("select provider from usage_event").query(String.class).single()).isEqualTo("openai");
    }

    @Test
    void each_event_of_a_batch_gets_its_own_outcome_whatever_is_wrong_with_it() throws Exception {
        String batch = "{\"events\": [" + EVENT + ","
                + with("occurred_at", "{\"x\": 1}").replace("gen-123", "gen-2") + ","
                + with("provider_cost_usd", "[1]").replace("gen-123", "gen-3") + ","
                + "null, 42, \"text\", [],"
                + with("idempotency_key", "\"gen\\u00004\"") + ","
                + with("input_tokens", "\"many\"").replace("gen-123", "gen-5") + ","
                + EVENT.replace("gen-123", "gen-6").replace("\"cached_input_tokens\": 1024", "\"cached_input_tokens\": 5000") + ","
                + EVENT.replace("gen-123", "gen-7") + "]}";

        HttpResponse<String> response = post("/api/v1/usage/batch", batch);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode results = api.json(response).get("results");
        String[] fields = {null, "events[1].occurred_at", "events[2].provider_cost_usd", "events[3]", "events[4]",
                "events[5]", "events[6]", "events[7].idempotency_key", "events[8].input_tokens",
                "events[9].cached_input_tokens", null};
        assertThat(results.size()).isEqualTo(fields.length);
        for (int i = 0; i < fields.length; i++) {
            JsonNode result = results.get(i);
            assertThat(result.get("index").asInt()).isEqualTo(i);
            if (fields[i] == null) {
                assertThat(result.get("status").asString()).as(result.toString()).isEqualTo("recorded");
                assertThat(result.get("id").isString()).isTrue();
            } else {
                assertThat(result.get("status").asString()).as(result.toString()).isEqualTo("error");
                assertThat(result.get("problems").get(0).get("field").asString()).as(result.toString()).isEqualTo(fields[i]);
            }
        }
        assertThat(events()).isEqualTo(2);
    }

    @Test
    void a_chunked_body_over_1_mb_is_refused_with_413_before_it_is_read_whole() throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/usage/batch HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // 3.6 MB of events that never end: a server reading the body whole would wait for the rest forever.
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    chunk(out, "{\"events\": [");
                    for (int i = 0; i < 5_000; i++) {
                        chunk(out, (i == 0 ? "" : ",") + EVENT.replace("gen-123", "chunk-" + i));
                    }
                } catch (Exception serverStoppedReading) {
                    // expected once the server has refused the body
                }
            });

            String answer = head(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).containsIgnoringCase("content-type: application/problem+json");
            socket.close();
            writer.join();
        }
        assertThat(events()).isZero();
    }

    private static void chunk(OutputStream out, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** The status line and headers of an HTTP response. */
    private static String head(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
