package dev.tokentally.requests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.testsupport.WireMockFake;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Logged calls go to an OpenTelemetry collector as GenAI spans; a collector that fails never touches a call. */
@TokentallyTest
class RequestLogExportTest {

    static final class Collector extends WireMockFake {
    }

    @RegisterExtension
    static final Collector collector = new Collector();

    @Value("${local.server.port}")
    int port;
    @Autowired
    OtlpExport export;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;

    final HttpClient http = HttpClient.newHttpClient();
    RequestLogProperties.Otlp before;

    @BeforeEach
    void pointAtTheCollector() {
        before = export.useCollector(new RequestLogProperties.Otlp(collector.server.baseUrl() + "/v1/traces",
                Map.of("Authorization", "Bearer collector-token"), Duration.ofSeconds(5)));
    }

    @AfterEach
    void collectorOff() {
        export.useCollector(before);
    }

    @Test
    void a_gateway_call_reaches_the_collector_as_a_genai_span_with_its_tokens_cost_and_organization() throws Exception {
        collector.server.stubFor(post(urlPathEqualTo("/v1/traces")).willReturn(aResponse().withStatus(200).withBody("{}")));

        assertThat(demoCall().statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> !collector.server.getAllServeEvents().isEmpty());
        var received = collector.server.getAllServeEvents().getFirst().getRequest();
        assertThat(received.getHeader("Authorization")).isEqualTo("Bearer collector-token");
        JsonNode span = JsonMapper.builder().build().readTree(received.getBodyAsString())
                .at("/resourceSpans/0/scopeSpans/0/spans/0");
        Map<String, JsonNode> attributes = new HashMap<>();
        span.path("attributes").forEach(attribute -> attributes.put(attribute.path("key").asString(), attribute.path("value")));
        Map<String, Object> row = jdbc.sql("select input_tokens, output_tokens, cost from request_log").query().singleRow();
        assertThat(span.path("name").asString()).isEqualTo("chat demo-mini");
        assertThat(attributes.get("gen_ai.operation.name").path("stringValue").asString()).isEqualTo("chat");
        assertThat(attributes.get("gen_ai.provider.name").path("stringValue").asString()).isEqualTo("demo");
        assertThat(attributes.get("gen_ai.system").path("stringValue").asString()).isEqualTo("demo");
        assertThat(attributes.get("gen_ai.request.model").path("stringValue").asString()).isEqualTo("demo-mini");
        assertThat(attributes.get("gen_ai.response.model").path("stringValue").asString()).isEqualTo("demo-mini");
        assertThat(attributes.get("gen_ai.usage.input_tokens").path("intValue").asString()).isEqualTo(row.get("input_tokens").toString());
        assertThat(attributes.get("gen_ai.usage.output_tokens").path("intValue").asString()).isEqualTo(row.get("output_tokens").toString());
        assertThat(attributes.get("tokentally.organization").path("intValue").asString())
                .isEqualTo(Long.toString(fixtures.organization("acme")));
        assertThat(attributes.get("tokentally.cost").path("doubleValue").asDouble())
                .isEqualTo(((java.math.BigDecimal) row.get("cost")).doubleValue());
    }

    @Test
    void a_collector_answering_500_is_tried_again_then_dropped_while_calls_are_answered_and_logged() throws Exception {
        collector.server.stubFor(post(urlPathEqualTo("/v1/traces")).willReturn(aResponse().withStatus(500)));
        double droppedBefore = meters.counter("tokentally.requests.otlp.dropped").count();

        assertThat(demoCall().statusCode()).isEqualTo(200);
        assertThat(demoCall().statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> meters.counter("tokentally.requests.otlp.dropped").count() >= droppedBefore + 2);
        collector.server.verify(postRequestedFor(urlPathEqualTo("/v1/traces")));
        assertThat(collector.server.getAllServeEvents().size()).isGreaterThanOrEqualTo(3);
        assertThat(jdbc.sql("select count(*) from request_log where status = 200").query(Integer.class).single()).isEqualTo(2);
    }

    private HttpResponse<String> demoCall() throws Exception {
        String key = fixtures.apiKey("acme").secret();
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"demo-mini\",\"max_tokens\":50,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
