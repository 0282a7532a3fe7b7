package dev.tokentally.usage.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import tools.jackson.databind.json.JsonMapper;

/** The ingest API over real HTTP, with keys made the way admins make them. */
@TokentallyTest
class UsageApiTest {

    static final String EVENT = """
            {"idempotency_key": "gen-123", "provider": "openai", "model": "gpt-4o-mini",
             "input_tokens": 1200, "output_tokens": 350, "cached_input_tokens": 1024,
             "cache_write_tokens": 0, "cache_write_1h_tokens": 0, "reasoning_tokens": 128,
             "user": "alice@acme.test", "agent": "support-bot", "session": "ticket-42",
             "occurred_at": "2026-11-20T10:00:00Z", "provider_cost_usd": "0.00031",
             "metadata": {"app": "helpdesk"}}""";

    @Value("${local.server.port}")
    int port;
    @Autowired
    dev.tokentally.apikeys.ApiKeys apiKeys;
    @Autowired
    org.springframework.security.core.userdetails.UserDetailsService userDetails;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    final HttpClient http = HttpClient.newHttpClient();
    final JsonMapper json = JsonMapper.builder().build();
    String acmeKey;
    String globexKey;

    @BeforeEach
    void keys() {
        acmeKey = fixtures.apiKey("acme").secret();
        globexKey = fixtures.apiKey("globex").secret();
    }

    HttpResponse<String> post(String path, String key, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, acmeKey, "application/json", body);
    }

    HttpResponse<String> get(String path, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    int events() {
        return jdbc.sql("select count(*) from usage_event").query(Integer.class).single();
    }

    @Test
    void an_event_is_recorded_once_and_a_repeat_is_answered_as_a_duplicate() throws Exception {
        HttpResponse<String> first = post("/api/v1/usage", EVENT);
        HttpResponse<String> again = post("/api/v1/usage", EVENT);

        assertThat(first.statusCode()).isEqualTo(201);
        JsonNode recorded = body(first);
        assertThat(recorded.get("status").asString()).isEqualTo("recorded");
        assertThat(recorded.get("priced").asBoolean()).isTrue();
        assertThat(recorded.get("raw_cost_usd").isString()).isTrue();
        assertThat(recorded.get("raw_cost_usd").asString()).isEqualTo("0.0003132");
        assertThat(recorded.get("cost").get("amount").asString()).isEqualTo("0.0003457728");
        assertThat(recorded.get("cost").get("currency").asString()).isEqualTo("EUR");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(body(again).get("status").asString()).isEqualTo("duplicate");
        assertThat(body(again).get("id").asString()).isEqualTo(recorded.get("id").asString());
        assertThat(events()).isEqualTo(1);
        assertThat(jdbc.sql("select user_id is not null and external_user is null from usage_event").query(Boolean.class)
                .single()).as("alice is a member of Acme").isTrue();
        assertThat(eventsByKey()).as("the event and its rollup name the key it came through").isEqualTo("1 events, 1 rollups");
    }

    /** Acme's events and rollups that name Acme's key of this test (created before Globex's, so Acme's newest). */
    String eventsByKey() {
        return jdbc.sql("""
                        with k as (select max(k.id) as id from api_key k join organization o on o.id = k.organization_id
                                   where o.slug = 'acme')
                        select (select count(*) from usage_event, k where api_key_id = k.id) || ' events, '
                            || (select count(*) from usage_daily, k where api_key_id = k.id) || ' rollups'""")
                .query(String.class).single();
    }

    @Test
    void the_same_key_with_other_counts_is_409() throws Exception {
        post("/api/v1/usage", EVENT);

        HttpResponse<String> conflict = post("/api/v1/usage", EVENT.replace("\"output_tokens\": 350", "\"output_tokens\": 351"));

        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.headers().firstValue("Content-Type")).get().asString().contains("application/problem+json");
        assertThat(events()).isEqualTo(1);
    }

    @Test
    void bad_input_is_422_naming_each_field_and_records_nothing() throws Exception {
        String future = Instant.now().plus(10, ChronoUnit.MINUTES).toString();
        String[][] cases = {
                {"{\"provider\": \"openai\", \"model\": \"gpt-4o\", \"input_tokens\": 1, \"output_tokens\": 1}", "idempotency_key", "is required"},
                {EVENT.replace("\"input_tokens\": 1200", "\"input_tokens\": -1"), "input_tokens", "must be 0 or more"},
                {EVENT.replace("\"input_tokens\": 1200", "\"input_tokens\": 12.5"), "input_tokens", "must be a whole number"},
                {EVENT.replace("\"input_tokens\": 1200", "\"input_tokens\": 1000000000000"), "input_tokens", "must be at most 1000000000"},
                {EVENT.replace("\"output_tokens\": 350", "\"output_tokens\": \"350\""), "output_tokens", "must be a number"},
                {EVENT.replace("2026-11-20T10:00:00Z", future), "occurred_at", "must not be more than 5 minutes in the future"},
                {EVENT.replace("\"provider\": \"openai\"", "\"provider\": 7"), "provider", "must be a string"},
        };
        for (String[] bad : cases) {
            HttpResponse<String> response = post("/api/v1/usage", bad[0]);

            assertThat(response.statusCode()).as(bad[1]).isEqualTo(422);
            JsonNode errors = body(response).get("errors");
            assertThat(errors.get(0).get("field").asString()).isEqualTo(bad[1]);
            assertThat(errors.get(0).get("message").asString()).isEqualTo(bad[2]);
        }
        assertThat(post("/api/v1/usage", "{not json").statusCode()).isEqualTo(422);
        assertThat(events()).isZero();
    }

    @Test
    void an_unknown_model_is_recorded_unpriced() throws Exception {
        HttpResponse<String> response = post("/api/v1/usage", EVENT.replace("gpt-4o-mini", "gpt-imaginary"));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(body(response).get("priced").asBoolean()).isFalse();
        assertThat(body(response).get("raw_cost_usd").isNull()).isTrue();
        assertThat(body(response).get("cost").isNull()).isTrue();
    }

    @Test
    void oversized_bodies_wrong_content_types_and_bad_keys_are_refused() throws Exception {
        String huge = "{\"idempotency_key\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        assertThat(post("/api/v1/usage", huge).statusCode()).isEqualTo(413);
        assertThat(post("/api/v1/usage", acmeKey, "text/plain", EVENT).statusCode()).isEqualTo(415);
        assertThat(post("/api/v1/usage", null, "application/json", EVENT).statusCode()).isEqualTo(401);
        assertThat(post("/api/v1/usage", "tt_unknown", "application/json", EVENT).statusCode()).isEqualTo(401);
        fixtures.revokeApiKeys("acme");
        assertThat(post("/api/v1/usage", acmeKey, "application/json", EVENT).statusCode()).isEqualTo(401);
        assertThat(post("/api/v1/usage", fixtures.expiredApiKey("acme"), "application/json", EVENT).statusCode()).isEqualTo(401);
        assertThat(events()).isZero();
    }

    @Test
    void a_batch_records_the_valid_events_and_reports_each_in_order() throws Exception {
        String batch = "{\"events\": [" + EVENT + ","
                + EVENT.replace("gen-123", "gen-124").replace("\"input_tokens\": 1200", "\"input_tokens\": -5") + ","
                + EVENT.replace("gen-123", "gen-125") + "," + EVENT + "]}";

        HttpResponse<String> response = post("/api/v1/usage/batch", batch);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode results = body(response).get("results");
        assertThat(results.size()).isEqualTo(4);
        assertThat(results.get(0).get("status").asString()).isEqualTo("recorded");
        assertThat(results.get(1).get("status").asString()).isEqualTo("error");
        assertThat(results.get(1).get("problems").get(0).get("field").asString()).isEqualTo("events[1].input_tokens");
        assertThat(results.get(2).get("status").asString()).isEqualTo("recorded");
        assertThat(results.get(3).get("status").asString()).isEqualTo("duplicate");
        assertThat(events()).isEqualTo(2);
        assertThat(eventsByKey()).isEqualTo("2 events, 1 rollups");
    }

    @Test
    void the_batch_endpoint_refuses_what_is_not_a_batch_and_writes_nothing() throws Exception {
        String huge = "{\"events\": [{\"idempotency_key\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}]}";
        StringBuilder tooMany = new StringBuilder("{\"events\": [");
        for (int i = 0; i <= UsageBatch.MAX_EVENTS; i++) {
            tooMany.append(i == 0 ? "" : ",").append(EVENT.replace("gen-123", "gen-" + i));
        }
        tooMany.append("]}");

        assertThat(post("/api/v1/usage/batch", huge).statusCode()).isEqualTo(413);
        assertThat(post("/api/v1/usage/batch", acmeKey, "text/plain", "{\"events\": []}").statusCode()).isEqualTo(415);
        assertThat(post("/api/v1/usage/batch", "[" + EVENT + "]").statusCode()).isEqualTo(422);
        assertThat(post("/api/v1/usage/batch", "{\"events\": {}}").statusCode()).isEqualTo(422);
        HttpResponse<String> over = post("/api/v1/usage/batch", tooMany.toString());
        assertThat(over.statusCode()).isEqualTo(422);
        assertThat(body(over).get("errors").get(0).get("message").asString()).isEqualTo("must hold at most 1000 events");
        assertThat(post("/api/v1/usage/batch", null, "application/json", "{\"events\": []}").statusCode()).isEqualTo(401);
        assertThat(events()).isZero();
    }

    @Test
    void another_organizations_key_neither_sees_nor_changes_this_organizations_usage() throws Exception {
        String acmeId = body(post("/api/v1/usage", EVENT)).get("id").asString();

        HttpResponse<String> sameKeyElsewhere = post("/api/v1/usage", globexKey, "application/json", EVENT);

        assertThat(sameKeyElsewhere.statusCode()).as("keys are unique per organization").isEqualTo(201);
        assertThat(body(sameKeyElsewhere).get("id").asString()).isNotEqualTo(acmeId);
        assertThat(body(sameKeyElsewhere).get("cost").get("currency").asString()).isEqualTo("USD");
        assertThat(jdbc.sql("select user_id is null and external_user = 'alice@acme.test' from usage_event e "
                + "join organization o on o.id = e.organization_id where o.slug = 'globex'").query(Boolean.class).single())
                .as("an email of another organization is not attributed to its member").isTrue();
        JsonNode globexEvents = body(get("/api/v1/usage/events?from=2026-11-01&to=2026-11-30", globexKey));
        assertThat(globexEvents.get("total").asLong()).isEqualTo(1);
        assertThat(globexEvents.get("events").get(0).get("id").asString()).isNotEqualTo(acmeId);
        assertThat(body(get("/api/v1/metrics?from=2026-11-20&to=2026-11-20", globexKey)).get("summary").get("total_requests")
                .asLong()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from usage_event").query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void live_shows_today_of_the_keys_organization_only() throws Exception {
        post("/api/v1/usage", EVENT.replace("\"occurred_at\": \"2026-11-20T10:00:00Z\", ", ""));

        JsonNode acme = body(get("/api/v1/usage/live", acmeKey));
        JsonNode globex = body(get("/api/v1/usage/live", globexKey));

        assertThat(acme.get("requests").asLong()).isEqualTo(1);
        assertThat(acme.get("input_tokens").asLong()).isEqualTo(1200);
        assertThat(acme.get("total_tokens").asLong()).isEqualTo(1550);
        assertThat(acme.get("cost").get("amount").asString()).isEqualTo("0.0003457728");
        assertThat(acme.get("cost").get("currency").asString()).isEqualTo("EUR");
        assertThat(globex.get("requests").asLong()).isZero();
        assertThat(globex.get("cost").get("amount").asString()).isEqualTo("0");
    }
}
