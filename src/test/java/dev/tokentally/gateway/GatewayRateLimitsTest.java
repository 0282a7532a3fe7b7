package dev.tokentally.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tokentally.testsupport.TokentallyTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A rate limit is not an outage: a 429 is passed on with the provider's Retry-After (or waited out when short) and
 * never closes anything, while real failures close only the circuit of the model that fails.
 */
@TokentallyTest
class GatewayRateLimitsTest extends GatewayTestSupport {

    static final String RATE_LIMITED = """
            {"error":{"message":"Rate limit reached for gpt-4o on requests per min (RPM): Limit 500.","type":"requests",\
            "param":null,"code":"rate_limit_exceeded"}}""";

    static MappingBuilder openAi(String model) {
        return GatewayFakes.openAi().withRequestBody(matchingJsonPath("$.model", equalTo(model)));
    }

    static RequestPatternBuilder requestsFor(String model) {
        return postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)));
    }

    static String call(String model) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }

    @Autowired
    MeterRegistry metrics;

    HttpResponse<String> chat(String key, String body) throws Exception {
        return post("/v1/chat/completions", Map.of("Authorization", "Bearer " + key), body);
    }

    @Test
    void rate_limits_on_one_model_are_passed_on_with_retry_after_and_close_no_model_for_anyone() throws Exception {
        fakes.server.stubFor(openAi("gpt-4o").willReturn(WireMock.aResponse().withStatus(429).withHeader("Retry-After", "20")
                .withHeader("Content-Type", "application/json").withBody(RATE_LIMITED)));
        fakes.server.stubFor(openAi("gpt-4o-mini").willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-mini-1",
                GatewayFakes.OPENAI_USAGE))));

        for (int i = 0; i < 6; i++) {
            HttpResponse<String> limited = chat(call("gpt-4o"));
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).as("the provider's own wait, passed on").contains("20");
            assertThat(limited.body()).isEqualTo(RATE_LIMITED);
        }
        fakes.server.verify(6, requestsFor("gpt-4o"));
        assertThat(gatewayEvents()).isZero();

        assertThat(chat(call("gpt-4o-mini")).statusCode()).as("another model of the same provider").isEqualTo(200);

        fakes.server.stubFor(openAi("gpt-4o").willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-globex-1",
                GatewayFakes.OPENAI_USAGE))));
        HttpResponse<String> globex = chat(fixtures.apiKey("globex").secret(), call("gpt-4o"));
        assertThat(globex.statusCode()).as("another organization's call to the rate-limited model").isEqualTo(200);
        fakes.server.verify(7, requestsFor("gpt-4o"));
    }

    @Test
    void failures_of_one_model_open_its_circuit_only_and_answer_503_without_calling_the_provider() throws Exception {
        fakes.server.stubFor(openAi("gpt-4o").willReturn(WireMock.aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"message\":\"The server had an error\"}}")));
        fakes.server.stubFor(openAi("gpt-4o-mini").willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-mini-2",
                GatewayFakes.OPENAI_USAGE))));

        HttpResponse<String> answer = chat(call("gpt-4o"));
        for (int calls = 1; answer.statusCode() == 500 && calls < 10; calls++) {
            answer = chat(call("gpt-4o"));
        }
        assertThat(answer.statusCode()).as("the circuit opened").isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        int reached = fakes.server.findAll(requestsFor("gpt-4o")).size();
        assertThat(reached).as("five failures in a row open it").isEqualTo(5);

        assertThat(chat(call("gpt-4o")).statusCode()).isEqualTo(503);
        fakes.server.verify(reached, requestsFor("gpt-4o"));
        assertThat(chat(call("gpt-4o-mini")).statusCode()).as("another model of the same provider").isEqualTo(200);
        assertThat(metrics.get("tokentally.provider.circuits.open").tag("provider", "openai").gauge().value())
                .as("exported for alerting").isEqualTo(1);
    }

    @Test
    void a_short_retry_after_is_waited_out_then_the_call_is_tried_again() throws Exception {
        fakes.server.stubFor(openAi("gpt-4o").inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(WireMock.aResponse().withStatus(429).withHeader("Retry-After", "0").withHeader("retry-after-ms", "70")
                        .withHeader("Content-Type", "application/json").withBody(RATE_LIMITED))
                .willSetStateTo("free"));
        fakes.server.stubFor(openAi("gpt-4o").inScenario("limited").whenScenarioStateIs("free")
                .willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-waited-1", GatewayFakes.OPENAI_USAGE))));

        HttpResponse<String> answer = chat(call("gpt-4o"));

        assertThat(answer.statusCode()).isEqualTo(200);
        List<LoggedRequest> requests = fakes.server.findAll(requestsFor("gpt-4o"));
        assertThat(requests).hasSize(2);
        long pause = Math.abs(requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime());
        assertThat(pause).as("retry-after-ms waited out, not the shorter backoff of 20 ms").isGreaterThanOrEqualTo(70);
        assertThat(event("chatcmpl-waited-1")).containsEntry("estimated", false);
    }
}
