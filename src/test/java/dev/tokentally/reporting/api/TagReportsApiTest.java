package dev.tokentally.reporting.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tokentally.testsupport.CsvRows;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.UsageCsv;
import dev.tokentally.usage.api.ApiHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Applications tag the usage they report; the events API, its CSV and the cost analysis filter and group by tag. */
@TokentallyTest
class TagReportsApiTest {

    static final String DAYS = "from=2026-11-20&to=2026-11-21";

    @Value("${local.server.port}")
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;

    ApiHttp api;
    String key;

    @BeforeEach
    void reportTaggedUsage() throws Exception {
        api = new ApiHttp(port);
        key = fixtures.apiKey("acme").secret();
        assertThat(report("a", 1000, "{\"project\":\"atlas\",\"env\":\"prod\"}").statusCode()).isEqualTo(201);
        assertThat(report("b", 2000, "{\"project\":\"atlas\",\"env\":\"dev\"}").statusCode()).isEqualTo(201);
        assertThat(report("c", 3000, "{\"project\":\"borealis\",\"env\":\"prod\"}").statusCode()).isEqualTo(201);
        assertThat(report("d", 4000, null).statusCode()).isEqualTo(201);
        HttpResponse<String> batch = api.post("/api/v1/usage/batch", key, ("{\"events\":[" + event("e", 5000,
                "{\"project\":\"atlas\",\"env\":\"prod\"}") + "]}").getBytes(StandardCharsets.UTF_8));
        assertThat(batch.statusCode()).isEqualTo(200);
    }

    @Test
    void events_filter_by_one_tag_and_by_two_tags_together_and_list_their_tags() throws Exception {
        JsonNode atlas = api.json(api.get("/api/v1/usage/events?" + DAYS + "&tag=project=atlas", key, "application/json"));
        assertThat(atlas.get("total").asLong()).isEqualTo(3);
        assertThat(keys(atlas)).containsExactlyInAnyOrder("a", "b", "e");
        JsonNode first = atlas.get("events").get(0);
        assertThat(first.get("tags").get("project").asString()).isEqualTo("atlas");
        assertThat(first.get("tags").has("env")).isTrue();

        JsonNode atlasInProd = api.json(api.get("/api/v1/usage/events?" + DAYS + "&tag=project=atlas&tag=env=prod", key,
                "application/json"));
        assertThat(keys(atlasInProd)).containsExactlyInAnyOrder("a", "e");

        JsonNode all = api.json(api.get("/api/v1/usage/events?" + DAYS, key, "application/json"));
        assertThat(all.get("total").asLong()).isEqualTo(5);
        assertThat(eventByKey(all, "d").get("tags").isEmpty()).isTrue();
    }

    @Test
    void the_csv_has_a_tags_column_and_follows_the_filter() throws Exception {
        List<List<String>> rows = CsvRows.read(api.get("/api/v1/usage/events?" + DAYS + "&tag=project=borealis", key,
                "text/csv").body());

        assertThat(rows).hasSize(2);
        assertThat(rows.getFirst()).contains("tags");
        assertThat(rows.get(1).get(UsageCsv.HEADER.indexOf("tags"))).isEqualTo("env=prod,project=borealis");
        assertThat(rows.get(1).get(UsageCsv.HEADER.indexOf("idempotency_key"))).isEqualTo("c");
    }

    @Test
    void cost_analysis_grouped_by_a_tag_key_totals_exactly_the_costs_of_each_value_with_untagged_usage_as_none() throws Exception {
        JsonNode report = api.json(api.get("/api/v1/reports/cost-analysis?" + DAYS + "&granularity=month&group_by=tag:project",
                key, "application/json"));

        assertThat(report.get("group_by").asString()).isEqualTo("tag:project");
        Map<String, BigDecimal> byValue = new HashMap<>();
        report.get("series").forEach(point -> byValue.merge(point.get("group").asString(),
                new BigDecimal(point.get("cost").get("amount").asString()), BigDecimal::add));
        assertThat(byValue).containsOnlyKeys("atlas", "borealis", "(none)");
        assertThat(byValue.get("atlas")).isEqualByComparingTo(costOf("a", "b", "e"));
        assertThat(byValue.get("borealis")).isEqualByComparingTo(costOf("c"));
        assertThat(byValue.get("(none)")).isEqualByComparingTo(costOf("d"));
        assertThat(costOf("a")).isPositive();
    }

    @Test
    void bad_tags_are_refused_naming_the_tag_and_nothing_is_recorded() throws Exception {
        HttpResponse<String> badKey = report("x", 1000, "{\"pro ject\":\"atlas\"}");
        HttpResponse<String> tooMany = report("y", 1000, "{" + String.join(",", java.util.stream.IntStream.range(0, 11)
                .mapToObj(i -> "\"k" + i + "\":\"v\"").toList()) + "}");

        // A body the ingest API cannot use is 422, as for its other fields; a bad query parameter 400.
        assertThat(badKey.statusCode()).isEqualTo(422);
        assertThat(api.isProblem(badKey)).isTrue();
        assertThat(badKey.body()).contains("tags", "Tag key 'pro ject' is not valid");
        assertThat(tooMany.statusCode()).isEqualTo(422);
        assertThat(tooMany.body()).contains("At most 10 tags");
        assertThat(jdbc.sql("select count(*) from usage_event where idempotency_key in ('x', 'y')").query(Integer.class).single())
                .isZero();
        assertThat(api.get("/api/v1/usage/events?tag=project", key, "application/json").statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/reports/cost-analysis?group_by=tag:", key, "application/json").statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> report(String idempotencyKey, long outputTokens, String tags) throws Exception {
        return api.post("/api/v1/usage", key, event(idempotencyKey, outputTokens, tags).getBytes(StandardCharsets.UTF_8));
    }

    private static String event(String idempotencyKey, long outputTokens, String tags) {
        return """
                {"idempotency_key":"%s","provider":"openai","model":"gpt-4o-mini","input_tokens":100,"output_tokens":%d,
                 "occurred_at":"2026-11-20T10:00:00Z"%s}""".formatted(idempotencyKey, outputTokens,
                tags == null ? "" : ",\"tags\":" + tags);
    }

    private BigDecimal costOf(String... idempotencyKeys) {
        return jdbc.sql("select sum(billed_cost) from usage_event where idempotency_key in (:keys)")
                .param("keys", List.of(idempotencyKeys)).query(BigDecimal.class).single();
    }

    private static List<String> keys(JsonNode page) {
        List<String> keys = new java.util.ArrayList<>();
        page.get("events").forEach(event -> keys.add(event.get("idempotency_key").asString()));
        return keys;
    }

    private static JsonNode eventByKey(JsonNode page, String idempotencyKey) {
        for (JsonNode event : page.get("events")) {
            if (event.get("idempotency_key").asString().equals(idempotencyKey)) {
                return event;
            }
        }
        throw new AssertionError("No event " + idempotencyKey);
    }
}
