package dev.tokentally.usage.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ingest path is lean (no session, no observations) and still refuses what it refused: a bad key with a
 * 401 problem detail, a key over its rate with a 429 problem detail and {@code Retry-After}.
 */
@TokentallyTest
class IngestRequestPathTest {

    @Value("${local.server.port}")
    int port;
    @Value("${tokentally.api.rate-limit-per-second:100}")
    int rateLimit;
    @Autowired
    dev.tokentally.apikeys.ApiKeys apiKeys;
    @Autowired
    org.springframework.security.core.userdetails.UserDetailsService userDetails;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    MeterRegistry meters;

    final HttpClient http = HttpClient.newHttpClient();
    final JsonMapper json = JsonMapper.builder().build();
    String acmeKey;

    @BeforeEach
    void key() {
        acmeKey = fixtures.apiKey("acme").secret();
    }

    HttpResponse<String> post(String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/usage"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> live(String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/usage/live"))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
    }

    int events() {
        return jdbc.sql("select count(*) from usage_event").query(Integer.class).single();
    }

    @Test
    void a_recorded_event_opens_no_session_and_is_not_timed_as_an_http_request() throws Exception {
        HttpResponse<String> recorded = post(acmeKey, UsageApiTest.EVENT);

        assertThat(recorded.statusCode()).isEqualTo(201);
        assertThat(recorded.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(meters.find("http.server.requests").tag("uri", "/api/v1/usage").timer()).isNull();
    }

    @Test
    void the_api_reads_a_key_as_the_gateway_does_from_a_lower_case_bearer_or_x_api_key() throws Exception {
        for (String[] header : new String[][] {{"Authorization", "bearer " + acmeKey}, {"x-api-key", acmeKey}}) {
            HttpResponse<String> recorded = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/usage"))
                    .header("Content-Type", "application/json").header(header[0], header[1])
                    .POST(HttpRequest.BodyPublishers.ofString(UsageApiTest.EVENT.replace("gen-123", "gen-" + header[0])))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(recorded.statusCode()).as(header[0]).isEqualTo(201);
        }
        assertThat(events()).isEqualTo(2);
    }

    @Test
    void an_unknown_or_missing_key_is_a_401_problem_detail_and_records_nothing() throws Exception {
        for (String key : new String[] {"tt_unknown", null}) {
            HttpResponse<String> refused = post(key, UsageApiTest.EVENT);

            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
            assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(refused.headers().allValues("Set-Cookie")).isEmpty();
            JsonNode problem = json.readTree(refused.body());
            assertThat(problem.get("status").asInt()).isEqualTo(401);
            assertThat(problem.get("title").asString()).isEqualTo("Unauthorized");
        }
        assertThat(events()).isZero();
    }

    @Test
    void a_key_over_its_rate_is_refused_with_a_429_problem_detail_and_records_nothing() throws Exception {
        // The tests' clock stands still, so the key's bucket does not refill during the test.
        int answered = 0;
        while (answered <= rateLimit && live(acmeKey).statusCode() == 200) {
            answered++;
        }
        assertThat(answered).isBetween(1, rateLimit);

        HttpResponse<String> refused = post(acmeKey, UsageApiTest.EVENT);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(refused.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        assertThat(json.readTree(refused.body()).get("status").asInt()).isEqualTo(429);
        assertThat(events()).isZero();
    }
}
