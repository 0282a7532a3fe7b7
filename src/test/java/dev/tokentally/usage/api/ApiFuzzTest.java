package dev.tokentally.usage.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Seeded fuzzing of the REST API: a few thousand mutated bodies on single and batch ingest (wrong types, edge
 * numbers, unicode, control characters, deep nesting, duplicate fields, broken JSON) and mutated query parameters
 * on the reports API. Never a 5xx; every refusal a problem detail (in a batch, a per-event error); a refused event
 * writes nothing. Set {@code -Dtokentally.fuzz.seed} to replay another run, {@code -Dtokentally.fuzz.bodies} for more.
 */
@TokentallyTest
class ApiFuzzTest {

    static final long SEED = Long.getLong("tokentally.fuzz.seed", 20261201L);
    static final int BODIES = Integer.getInteger("tokentally.fuzz.bodies", 3000);

    static final String[] FIELDS = {"idempotency_key", "provider", "model", "input_tokens", "output_tokens",
            "cached_input_tokens", "cache_write_tokens", "cache_write_1h_tokens", "reasoning_tokens", "user", "agent",
            "session", "occurred_at", "provider_cost_usd", "metadata"};

    /** JSON values that each break some field, or none. */
    static final String[] VALUES = {"null", "true", "false", "0", "-1", "1", "1000000000", "1000000001", "12.5", "1.0",
            "-0.0", "1e9", "1e200000", "-1e200000", "9223372036854775807", "9223372036854775808",
            "99999999999999999999999999999", "1e-400", "\"\"", "\"   \"", "\"350\"", "\"0.00031\"", "\"1e200000\"",
            "\"-0.5\"", "\"NaN\"", "\"Infinity\"", "\"0x10\"", "{}", "[]", "[1,2]", "{\"a\":{\"b\":1}}", "\"OpenAI\"",
            "\" ANTHROPIC \"", "\"gpt-4o-mini\"", "\"claude-sonnet-4-5\"", "\"\\u0000\"", "\"a\\u0000b\"",
            "\"\\u001b[31mred\"", "\"tab\\there\"", "\"line\\nbreak\"", "\"\\u007f\"", "\"\\ud800\"", "\"\\udc00x\"",
            "\"\uD83D\uDE00 emoji\"", "\"\u202Eright-to-left\"", "\"\uFEFFbom\"", "\"Ω≈ç√\"", "\"-300000000-01-01T00:00:00Z\"",
            "\"+999999999-12-31T23:59:59Z\"", "\"0001-01-01T00:00:00Z\"", "\"2014-12-31T23:59:59Z\"",
            "\"2015-01-01T00:00:00Z\"", "\"2026-11-20T10:00:00+05:00\"", "\"2026-11-20\"", "\"yesterday\"",
            "1700000000", "\"alice@acme.test\"", "\"ALICE@ACME.TEST\""};

    static final String[] QUERY_VALUES = {"", "0", "-1", "1", "1000", "1001", "2147484", "2147483647", "2147483648",
            "99999999999999999999", "abc", "1.5", "2026-11-20", "2026-02-30", "+999999999-12-31", "-999999999-01-01",
            "1999-12-31", "3000-01-01", "day", "WEEK", "month", "hour", "none", "user", "agent", "model", "\u0000",
            "a\u0000b", "\u001b[31m", "\uD83D\uDE00", "x".repeat(300), "%", "'; drop table usage_event; --"};

    static final String[] QUERY_PATHS = {"/api/v1/metrics", "/api/v1/reports/cost-analysis", "/api/v1/usage/events",
            "/api/v1/invoices", "/api/v1/usage/live"};
    static final String[] QUERY_NAMES = {"from", "to", "page", "size", "granularity", "group_by", "model", "user", "agent"};

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;

    final Random random = new Random(SEED);
    final Map<String, Integer> statuses = new TreeMap<>();
    final Map<String, Integer> batchOutcomes = new TreeMap<>();
    int counter;

    @Test
    void no_mutated_request_gets_a_5xx_or_an_answer_other_than_a_problem_detail_and_refusals_write_nothing() throws Exception {
        ApiHttp api = new ApiHttp(port);
        String key = fixtures.apiKey("acme").secret();
        Map<String, Integer> kinds = new LinkedHashMap<>();
        long started = System.nanoTime();
        int eventsInBatches = 0;
        for (int i = 0; i < BODIES; i++) {
            // The rate limiter runs on the test clock: move it so the key never runs out of requests.
            clock.advance(Duration.ofMillis(20));
            int kind = random.nextInt(100);
            if (kind < 60) {
                kinds.merge("single", 1, Integer::sum);
                single(api, key);
            } else if (kind < 85) {
                kinds.merge("batch", 1, Integer::sum);
                eventsInBatches += batch(api, key);
            } else {
                kinds.merge("query", 1, Integer::sum);
                query(api, key);
            }
        }
        System.out.printf("API fuzz: seed %d, %d requests %s (%d events in batches; in answered batches %s), statuses %s, "
                + "%d ms%n", SEED, BODIES, kinds, eventsInBatches, batchOutcomes, statuses, (System.nanoTime() - started) / 1_000_000);
        assertThat(statuses.keySet()).allMatch(seen -> seen.matches("\\w+ [24]\\d\\d"));
    }

    private void single(ApiHttp api, String key) throws Exception {
        String event = event(true);
        byte[] body = random.nextInt(10) == 0 ? broken(event) : event.getBytes(StandardCharsets.UTF_8);
        int before = events();
        HttpResponse<String> response = api.post("/api/v1/usage", key, body);
        int written = events() - before;
        seen("single", response, body);
        int status = response.statusCode();
        if (status == 201) {
            assertThat(written).as(describe(response, body)).isEqualTo(1);
        } else {
            assertThat(written).as(describe(response, body)).isZero();
        }
        if (status >= 400) {
            assertThat(api.isProblem(response)).as(describe(response, body)).isTrue();
        }
    }

    private int batch(ApiHttp api, String key) throws Exception {
        int size = 1 + random.nextInt(random.nextInt(20) == 0 ? 1100 : 20);
        // A field given twice refuses the whole batch (it is refused while the JSON is read): now and then only.
        boolean duplicates = random.nextInt(10) == 0;
        StringBuilder json = new StringBuilder("{\"events\": [");
        for (int i = 0; i < size; i++) {
            json.append(i == 0 ? "" : ",").append(random.nextInt(8) == 0 ? pick(VALUES) : event(duplicates));
        }
        json.append("]}");
        byte[] body = random.nextInt(20) == 0 ? broken(json.toString()) : json.toString().getBytes(StandardCharsets.UTF_8);
        int before = events();
        HttpResponse<String> response = api.post("/api/v1/usage/batch", key, body);
        int written = events() - before;
        seen("batch", response, body);
        if (response.statusCode() == 200) {
            JsonNode results = api.json(response).get("results");
            assertThat(results.size()).as(describe(response, body)).isEqualTo(size);
            int recorded = 0;
            for (int i = 0; i < size; i++) {
                JsonNode result = results.get(i);
                assertThat(result.get("index").asInt()).isEqualTo(i);
                String status = result.get("status").asString();
                assertThat(status).as(result.toString()).isIn("recorded", "duplicate", "error");
                if (status.equals("error")) {
                    assertThat(result.get("problems").isEmpty()).as(result.toString()).isFalse();
                }
                recorded += status.equals("recorded") ? 1 : 0;
                batchOutcomes.merge(status, 1, Integer::sum);
            }
            assertThat(written).as("only recorded events are written: " + describe(response, body)).isEqualTo(recorded);
        } else {
            assertThat(written).as(describe(response, body)).isZero();
            assertThat(api.isProblem(response)).as(describe(response, body)).isTrue();
        }
        return size;
    }

    private void query(ApiHttp api, String key) throws Exception {
        StringBuilder query = new StringBuilder(pick(QUERY_PATHS));
        int params = random.nextInt(4);
        for (int i = 0; i < params; i++) {
            query.append(i == 0 ? "?" : "&").append(pick(QUERY_NAMES)).append('=')
                    .append(random.nextInt(5) == 0 ? pick(QUERY_VALUES).replace(" ", "+")
                            : URLEncoder.encode(pick(QUERY_VALUES), StandardCharsets.UTF_8));
        }
        String accept = random.nextInt(6) == 0 ? "text/csv" : "application/json";
        HttpResponse<String> response;
        try {
            response = api.get(query.toString(), key, accept);
        } catch (IllegalArgumentException notAUri) {
            return; // the client refuses to send it: nothing to learn
        }
        byte[] sent = (accept + " " + query).getBytes(StandardCharsets.UTF_8);
        seen("query", response, sent);
        if (response.statusCode() >= 400) {
            assertThat(api.isProblem(response)).as(describe(response, sent)).isTrue();
        }
    }

    /** A valid event with a few of its fields mutated, dropped, doubled or added. */
    private String event(boolean duplicates) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("idempotency_key", "\"fuzz-" + SEED + "-" + (counter++) + "\"");
        fields.put("provider", "\"openai\"");
        fields.put("model", "\"gpt-4o-mini\"");
        fields.put("input_tokens", String.valueOf(random.nextInt(5000)));
        fields.put("output_tokens", String.valueOf(random.nextInt(5000)));
        fields.put("cached_input_tokens", "0");
        fields.put("reasoning_tokens", "0");
        fields.put("user", "\"alice@acme.test\"");
        fields.put("occurred_at", "\"" + clock.instant().minusSeconds(random.nextInt(86_400 * 400)) + "\"");
        fields.put("provider_cost_usd", "\"0.0001\"");
        fields.put("metadata", "{\"app\": \"fuzz\"}");
        List<String> doubled = new ArrayList<>();
        int mutations = random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            String field = pick(FIELDS);
            switch (random.nextInt(8)) {
                case 0 -> fields.remove(field);
                case 1 -> {
                    if (duplicates) {
                        doubled.add("\"" + field + "\": " + pick(VALUES));
                    }
                }
                case 2 -> fields.put("metadata", nested(1 + random.nextInt(random.nextInt(10) == 0 ? 100 : 10)));
                case 3 -> fields.put(field, "\"" + "x".repeat(random.nextInt(6000)) + "\"");
                case 4 -> fields.put("unknown_" + random.nextInt(3), pick(VALUES));
                default -> fields.put(field, pick(VALUES));
            }
        }
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> json.append(json.length() == 1 ? "" : ", ").append('"').append(name).append("\": ").append(value));
        doubled.forEach(duplicate -> json.append(", ").append(duplicate));
        return json.append('}').toString();
    }

    private String nested(int depth) {
        String open = random.nextBoolean() ? "{\"k\": " : "[";
        String close = open.startsWith("{") ? "}" : "]";
        return open.repeat(depth) + "1" + close.repeat(depth);
    }

    /** The body cut short, a byte flipped or invalid UTF-8 put in. */
    private byte[] broken(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        switch (random.nextInt(3)) {
            case 0 -> {
                return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            case 1 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            default -> bytes[random.nextInt(bytes.length)] = (byte) 0xC3;
        }
        return bytes;
    }

    private void seen(String kind, HttpResponse<String> response, byte[] sent) {
        statuses.merge(kind + " " + response.statusCode(), 1, Integer::sum);
        assertThat(response.statusCode()).as(describe(response, sent)).isLessThan(500);
    }

    private String describe(HttpResponse<String> response, byte[] sent) {
        String body = new String(sent, StandardCharsets.UTF_8);
        return response.statusCode() + " " + response.body() + " for " + (body.length() > 2000 ? body.substring(0, 2000) + "…" : body);
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private int events() {
        return jdbc.sql("select count(*) from usage_event").query(Integer.class).single();
    }
}
