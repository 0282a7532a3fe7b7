package dev.tokentally.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/** Actuator access and request ids, over real HTTP. */
@TokentallyTest
class HttpEndpointsTest {

    @Value("${local.server.port}")
    int port;
    @org.springframework.beans.factory.annotation.Autowired
    Fixtures fixtures;
    @org.springframework.beans.factory.annotation.Autowired
    UsageRecorder recorder;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path, String basicAuth) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (basicAuth != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void health_is_public_and_includes_the_database_for_platform_admins() throws Exception {
        HttpResponse<String> anonymous = get("/actuator/health", null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.body()).contains("\"status\":\"UP\"").doesNotContain("\"db\"");

        HttpResponse<String> admin = get("/actuator/health", "root@tokentally.test:demo");
        assertThat(admin.body()).contains("\"db\"").contains("PostgreSQL");
    }

    @Test
    void other_actuator_endpoints_are_for_platform_admins_only() throws Exception {
        assertThat(get("/actuator/metrics", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/metrics", "admin@acme.test:demo").statusCode()).isEqualTo(403);
        assertThat(get("/actuator/metrics", "root@tokentally.test:demo").statusCode()).isEqualTo(200);
    }

    @Test
    void prometheus_counts_tokens_and_cost_by_organization_provider_and_model() throws Exception {
        long acme = fixtures.organization("acme");
        recorder.record(acme, new ReportedCall("prom-1", "openai", "gpt-4o-mini", TokenCounts.of(1000, 500), Attribution.of(null, null, null, null), null, java.time.Instant.now(), null, null, false, UsageSource.API));

        HttpResponse<String> metrics = get("/actuator/prometheus", "root@tokentally.test:demo");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).containsPattern(
                "tokentally_usage_tokens_total\\{model=\"gpt-4o-mini\",organization=\"" + acme + "\",provider=\"openai\"} [0-9.E]+");
        assertThat(metrics.body()).contains("tokentally_usage_cost_usd_total{model=\"gpt-4o-mini\"");
    }

    @Test
    void every_response_carries_a_request_id_and_a_given_one_is_kept() throws Exception {
        HttpResponse<String> generated = get("/actuator/health", null);
        assertThat(generated.headers().firstValue("X-Request-Id")).get().asString().hasSizeGreaterThan(10);

        HttpResponse<String> given = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .header("X-Request-Id", "trace-42").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(given.headers().firstValue("X-Request-Id")).contains("trace-42");
    }
}
