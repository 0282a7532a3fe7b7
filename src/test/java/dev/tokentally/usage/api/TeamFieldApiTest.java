package dev.tokentally.usage.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The ingest API's team field (slug or name) and the teams a key's organization has. */
@TokentallyTest
class TeamFieldApiTest {

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    ApiHttp http;
    String acmeKey;

    @BeforeEach
    void key() {
        http = new ApiHttp(port);
        acmeKey = fixtures.apiKey("acme").secret();
    }

    private static byte[] event(String key, String team) {
        return ("""
                {"idempotency_key": "%s", "provider": "openai", "model": "gpt-4o-mini", "input_tokens": 100,
                 "output_tokens": 50, "user": "alice@acme.test", "team": "%s"}""".formatted(key, team))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_named_team_by_slug_or_name_beats_the_members_default_team() throws Exception {
        assertThat(http.post("/api/v1/usage", acmeKey, event("k-1", "support")).statusCode()).isEqualTo(201);
        assertThat(http.post("/api/v1/usage", acmeKey, event("k-2", "SUPPORT")).statusCode()).isEqualTo(201);

        assertThat(jdbc.sql("select distinct t.slug from usage_event e join team t on t.id = e.team_id").query(String.class).list())
                .containsExactly("support");
    }

    @Test
    void an_unknown_team_is_a_422_problem_and_nothing_is_recorded() throws Exception {
        HttpResponse<String> response = http.post("/api/v1/usage", acmeKey, event("k-1", "marketing"));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(http.isProblem(response)).isTrue();
        assertThat(response.body()).contains("team").contains("marketing");
        assertThat(jdbc.sql("select count(*) from usage_event").query(Long.class).single()).isZero();
    }

    @Test
    void in_a_batch_only_the_event_with_an_unknown_team_is_refused() throws Exception {
        String batch = "{\"events\": [" + new String(event("k-1", "research"), StandardCharsets.UTF_8) + ", "
                + new String(event("k-2", "nope"), StandardCharsets.UTF_8) + "]}";

        HttpResponse<String> response = http.post("/api/v1/usage/batch", acmeKey, batch.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("events[1].team");
        assertThat(jdbc.sql("select idempotency_key from usage_event").query(String.class).list()).containsExactly("k-1");
    }

    @Test
    void the_teams_api_lists_only_the_keys_organizations_teams_with_their_parents() throws Exception {
        fixtures.subTeam(fixtures.teamId("acme", "research"), "lab", "Lab");
        fixtures.team("globex", "ops", "Ops");

        HttpResponse<String> response = http.get("/api/v1/teams", acmeKey, "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode teams = http.json(response).path("teams");
        assertThat(teams.size()).isEqualTo(3);
        assertThat(teams.toString()).contains("\"slug\":\"lab\"", "\"parent\":\"research\"").doesNotContain("ops");
        assertThat(http.get("/api/v1/teams", "tt_wrong", "application/json").statusCode()).isEqualTo(401);
    }
}
