package dev.tokentally.reporting.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@TokentallyTest
class ReportsApiTest {

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    UsageRecorder recorder;

    final HttpClient http = HttpClient.newHttpClient();
    String acmeKey;
    String globexKey;

    @BeforeEach
    void usage() {
        acmeKey = fixtures.apiKey("acme").secret();
        globexKey = fixtures.apiKey("globex").secret();
        long acme = fixtures.organization("acme");
        long alice = fixtures.user("alice@acme.test");
        // Berlin days: Nov 20, Nov 20, Nov 22 (the last one at 23:30 UTC on the 21st)
        record(acme, "e1", alice, null, "gpt-4o-mini", "bot", "s1", TokenCounts.of(1000, 1000), "2026-11-20T09:00:00Z");
        record(acme, "e2", null, "ext-7", "gpt-4o", null, "s1", TokenCounts.of(2000, 0), "2026-11-20T10:00:00Z");
        record(acme, "e3", alice, null, "gpt-4o-mini", "bot", "s2", TokenCounts.of(500, 500), "2026-11-21T23:30:00Z");
    }

    private void record(long organization, String key, Long user, String external, String model, String agent,
                        String session, TokenCounts tokens, String at) {
        recorder.record(organization, new ReportedCall(key, "openai", model, tokens, Attribution.of(user, external, agent, session), null,
                Instant.parse(at), null, null, false, UsageSource.API));
    }

    private HttpResponse<String> get(String path, String key, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + key).header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path, String key) throws Exception {
        HttpResponse<String> response = get(path, key, "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body());
    }

    @Test
    void metrics_sum_the_period_by_user_agent_and_model() throws Exception {
        JsonNode metrics = json("/api/v1/metrics?from=2026-11-20&to=2026-11-22", acmeKey);

        JsonNode summary = metrics.get("summary");
        assertThat(summary.get("total_requests").asLong()).isEqualTo(3);
        assertThat(summary.get("total_tokens").asLong()).isEqualTo(5000);
        // gpt-4o-mini: 1500 × 0.15 + 1500 × 0.6 = 1125 µ$; gpt-4o: 2000 × 2.5 = 5000 µ$; × 1.2 × 0.92
        assertThat(summary.get("total_cost").get("amount").asString()).isEqualTo("0.006762");
        assertThat(summary.get("total_cost").get("currency").asString()).isEqualTo("EUR");
        assertThat(summary.get("active_users").asLong()).isEqualTo(2);
        assertThat(summary.get("active_sessions").asLong()).isEqualTo(2);
        assertThat(metrics.get("users").get(0).get("user").asString()).isEqualTo("ext-7");
        assertThat(metrics.get("models").size()).isEqualTo(2);
        assertThat(metrics.get("agents").get(1).get("agent").asString()).isEqualTo("bot");

        JsonNode globex = json("/api/v1/metrics?from=2026-11-20&to=2026-11-22", globexKey);
        assertThat(globex.get("summary").get("total_requests").asLong()).isZero();
    }

    @Test
    void cost_analysis_has_every_bucket_of_every_group_zeros_included() throws Exception {
        JsonNode report = json("/api/v1/reports/cost-analysis?from=2026-11-20&to=2026-11-22&granularity=day&group_by=model",
                acmeKey);

        JsonNode series = report.get("series");
        assertThat(series.size()).isEqualTo(6);
        assertThat(series.get(0).get("bucket").asString()).isEqualTo("2026-11-20");
        assertThat(series.get(0).get("group").asString()).isEqualTo("openai/gpt-4o");
        assertThat(series.get(2).get("bucket").asString()).isEqualTo("2026-11-21");
        assertThat(series.get(2).get("requests").asLong()).isZero();
        assertThat(series.get(2).get("cost").get("amount").asString()).isEqualTo("0");
        assertThat(series.get(5).get("tokens").asLong()).isEqualTo(1000);

        JsonNode monthly = json("/api/v1/reports/cost-analysis?from=2026-11-20&to=2026-11-22&granularity=month&user=alice@acme.test",
                acmeKey);
        assertThat(monthly.get("series").size()).isEqualTo(1);
        assertThat(monthly.get("series").get(0).get("tokens").asLong()).isEqualTo(3000);
    }

    @Test
    void events_are_listed_page_by_page_and_as_csv() throws Exception {
        JsonNode page = json("/api/v1/usage/events?from=2026-11-20&to=2026-11-22&page=0&size=2", acmeKey);

        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(page.get("events").size()).isEqualTo(2);
        assertThat(page.get("events").get(0).get("idempotency_key").asString()).isEqualTo("e3");
        assertThat(page.get("events").get(0).get("user").asString()).isEqualTo("alice@acme.test");

        HttpResponse<String> csv = get("/api/v1/usage/events?from=2026-11-20&to=2026-11-22", acmeKey, "text/csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).get().asString().startsWith("text/csv");
        assertThat(csv.body().lines()).hasSize(4);
        assertThat(csv.body().lines().findFirst()).get().asString().startsWith("id,occurred_at,");
        assertThat(csv.body()).contains(",ext-7,");
    }

    @Test
    void bad_parameters_are_400_with_a_reason() throws Exception {
        assertThat(get("/api/v1/metrics?from=2026-11-22&to=2026-11-20", acmeKey, "application/json").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/metrics?from=yesterday", acmeKey, "application/json").body()).contains("must be a date");
        assertThat(get("/api/v1/reports/cost-analysis?granularity=hour", acmeKey, "application/json").body())
                .contains("granularity must be one of [day, week, month]");
        assertThat(get("/api/v1/usage/events?size=5000", acmeKey, "application/json").statusCode()).isEqualTo(400);
    }

    @Test
    void parameters_that_would_overflow_or_break_a_query_are_400_problem_details() throws Exception {
        dev.tokentally.usage.api.ApiHttp api = new dev.tokentally.usage.api.ApiHttp(port);
        String[] queries = {"/api/v1/usage/events?page=2147484&size=1000", "/api/v1/usage/events?page=2147483647",
                "/api/v1/usage/events?page=99999999999", "/api/v1/usage/events?page=abc", "/api/v1/usage/events?page=-1",
                "/api/v1/usage/events?from=%2B999999999-12-31", "/api/v1/usage/events?from=+999999999-12-31",
                "/api/v1/metrics?from=%2B999999999-12-31&to=%2B999999999-12-31", "/api/v1/metrics?to=-999999999-01-01",
                "/api/v1/metrics?from=1999-12-31", "/api/v1/reports/cost-analysis?model=a%00b",
                "/api/v1/reports/cost-analysis?user=" + "x".repeat(201), "/api/v1/reports/cost-analysis?agent=%1B%5B31m",
                "/api/v1/reports/cost-analysis?granularity=%00", "/api/v1/invoices?page=2147483648",
                "/api/v1/invoices?page=-5", "/api/v1/invoices/abc", "/api/v1/invoices/99999999999999999999"};
        for (String query : queries) {
            HttpResponse<String> response = api.get(query, acmeKey, "application/json");

            assertThat(response.statusCode()).as(query + " " + response.body()).isEqualTo(400);
            assertThat(api.isProblem(response)).as(query + " " + response.body()).isTrue();
        }
        HttpResponse<String> csv = api.get("/api/v1/usage/events?page=2147484&size=1000", acmeKey, "text/csv");
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(400);
        assertThat(api.json(api.get("/api/v1/usage/events?page=2147484&size=1000", acmeKey, "application/json"))
                .get("errors").get(0).get("field").asString()).isEqualTo("page");
    }

    @Test
    void the_openapi_document_shows_the_request_and_response_schemas() throws Exception {
        JsonNode schemas = JsonMapper.builder().build().readTree(http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .get("components").get("schemas");

        assertThat(schemas.propertyNames()).as(schemas.toString()).contains("UsageEventRequest", "RecordedEvent",
                "BatchResult", "EventsPage", "Metrics", "InvoiceDetail");
        assertThat(schemas.get("UsageEventRequest").has("properties")).as(schemas.toString()).isTrue();
        JsonNode event = schemas.get("UsageEventRequest").get("properties");
        assertThat(event.get("idempotency_key").get("maxLength").asInt()).isEqualTo(200);
        assertThat(event.get("input_tokens").get("maximum").asLong()).isEqualTo(1_000_000_000L);
        assertThat(event.get("provider_cost_usd").toString()).as(event.toString()).contains("string");
        assertThat(schemas.get("UsageEventRequest").get("required").toString()).contains("idempotency_key", "input_tokens");
        assertThat(schemas.get("RecordedEvent").get("properties").has("raw_cost_usd")).isTrue();
        assertThat(schemas.get("BatchResult").get("properties").has("problems")).isTrue();
        assertThat(schemas.get("EventsPage").get("properties").has("events")).isTrue();
        assertThat(schemas.get("Metrics").get("properties").has("summary")).isTrue();
        assertThat(schemas.get("InvoiceDetail").get("properties").has("lines")).isTrue();
    }

    @Test
    void the_api_is_described_for_machines_and_people() throws Exception {
        HttpResponse<String> openApi = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(openApi.statusCode()).isEqualTo(200);
        assertThat(openApi.body()).contains("/api/v1/usage", "/api/v1/usage/batch", "/api/v1/metrics",
                "/api/v1/reports/cost-analysis", "Tokentally API");
    }
}
