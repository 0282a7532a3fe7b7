package dev.tokentally.reporting.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;

import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.CsvRows;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.UsageCsv;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import dev.tokentally.usage.api.ApiHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The reports API by team and by key; a key bound to a team reports on that team only. */
@TokentallyTest
class TeamReportsApiTest {

    static final String NOVEMBER = "from=2026-11-01&to=2026-11-30";

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    UsageRecorder recorder;

    ApiHttp api;
    String orgKey;
    String alphaKey;

    @BeforeEach
    void teamsKeysAndUsage() {
        api = new ApiHttp(port);
        Fixtures.AlphaAndBeta teams = fixtures.alphaAndBeta();
        long acme = teams.acme();
        long alpha = teams.alpha();
        long beta = teams.beta();
        Fixtures.Key org = fixtures.apiKey("acme");
        orgKey = org.secret();
        long orgKeyId = org.id();
        Fixtures.Key alphaApp = fixtures.apiKey("acme", "alpha app");
        alphaKey = alphaApp.secret();
        long alphaKeyId = alphaApp.id();
        fixtures.bindKey(alphaKeyId, alpha);
        record(acme, "a1", TokenCounts.of(1000, 0), alpha, alphaKeyId, "2026-11-10T10:00:00Z");
        record(acme, "a2", TokenCounts.of(0, 100), alpha, null, "2026-11-11T10:00:00Z");
        record(acme, "b1", TokenCounts.of(2000, 0), beta, orgKeyId, "2026-11-10T10:00:00Z");
        record(acme, "n1", TokenCounts.of(400, 0), null, null, "2026-11-12T10:00:00Z");
    }

    private void record(long organization, String key, TokenCounts tokens, Long team, Long apiKey, String at) {
        recorder.record(organization, new ReportedCall(key, "openai", "gpt-4o-mini", tokens, Attribution.of(null, "ext-" + key, null,
                "s-" + key), null, Instant.parse(at), null, null, false, UsageSource.API).withTeam(team).withApiKey(apiKey));
    }

    private JsonNode json(String path, String key) throws Exception {
        HttpResponse<String> response = api.get(path, key, "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return api.json(response);
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(node -> node.get(field).asString()).toList();
    }

    @Test
    void cost_analysis_groups_by_team_and_by_api_key_with_names() throws Exception {
        JsonNode byTeam = json("/api/v1/reports/cost-analysis?" + NOVEMBER + "&granularity=month&group_by=team", orgKey);

        assertThat(byTeam.get("group_by").asString()).isEqualTo("team");
        assertThat(texts(byTeam.get("series"), "group")).containsExactly("Alpha", "Beta", "no team");
        assertThat(StreamSupport.stream(byTeam.get("series").spliterator(), false).map(point -> point.get("tokens").asLong()).toList())
                .containsExactly(1100L, 2000L, 400L);

        JsonNode byKey = json("/api/v1/reports/cost-analysis?" + NOVEMBER + "&granularity=month&group_by=api_key", orgKey);
        assertThat(byKey.get("group_by").asString()).isEqualTo("api_key");
        assertThat(texts(byKey.get("series"), "group")).containsExactly("alpha app", "no key", "test key");

        JsonNode alphaOnly = json("/api/v1/reports/cost-analysis?" + NOVEMBER + "&granularity=month&team=rt-alpha", orgKey);
        assertThat(alphaOnly.get("series").get(0).get("tokens").asLong()).isEqualTo(1100);
    }

    @Test
    void metrics_break_the_period_down_by_team_and_by_api_key() throws Exception {
        JsonNode metrics = json("/api/v1/metrics?" + NOVEMBER, orgKey);

        assertThat(texts(metrics.get("teams"), "team")).containsExactly("Beta", "Alpha", "no team");
        assertThat(metrics.get("teams").get(1).get("tokens").asLong()).isEqualTo(1100);
        assertThat(metrics.get("teams").get(1).get("cost").get("currency").asString()).isEqualTo("EUR");
        assertThat(texts(metrics.get("api_keys"), "api_key")).containsExactlyInAnyOrder("test key", "alpha app", "no key");
    }

    @Test
    void a_key_bound_to_a_team_sees_only_that_teams_figures_whatever_it_asks() throws Exception {
        JsonNode metrics = json("/api/v1/metrics?" + NOVEMBER, alphaKey);
        assertThat(metrics.get("summary").get("total_tokens").asLong()).isEqualTo(1100);
        assertThat(metrics.get("summary").get("active_sessions").asLong()).isEqualTo(2);
        assertThat(texts(metrics.get("teams"), "team")).containsExactly("Alpha");

        JsonNode byTeam = json("/api/v1/reports/cost-analysis?" + NOVEMBER + "&granularity=month&group_by=team", alphaKey);
        assertThat(texts(byTeam.get("series"), "group")).containsExactly("Alpha");

        for (String other : List.of("rt-beta", "Beta", "no-such-team")) {
            HttpResponse<String> refused = api.get("/api/v1/reports/cost-analysis?" + NOVEMBER + "&team=" + other, alphaKey,
                    "application/json");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(404);
            assertThat(api.isProblem(refused)).isTrue();
        }

        JsonNode events = json("/api/v1/usage/events?" + NOVEMBER, alphaKey);
        assertThat(events.get("total").asLong()).isEqualTo(2);
        assertThat(texts(events.get("events"), "team")).containsOnly("Alpha");
    }

    @Test
    void the_events_csv_names_each_events_team_and_key() throws Exception {
        HttpResponse<String> csv = api.get("/api/v1/usage/events?" + NOVEMBER, orgKey, "text/csv");

        List<List<String>> rows = CsvRows.read(csv.body());
        int team = UsageCsv.HEADER.indexOf("team");
        int key = UsageCsv.HEADER.indexOf("api_key");
        int idempotency = UsageCsv.HEADER.indexOf("idempotency_key");
        assertThat(rows.getFirst()).isEqualTo(UsageCsv.HEADER);
        assertThat(rows.stream().skip(1).map(row -> row.get(idempotency) + ":" + row.get(team) + ":" + row.get(key)))
                .containsExactlyInAnyOrder("a1:Alpha:alpha app", "a2:Alpha:", "b1:Beta:test key", "n1::");
    }
}
