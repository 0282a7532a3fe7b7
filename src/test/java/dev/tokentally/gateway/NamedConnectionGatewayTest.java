package dev.tokentally.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.tokentally.models.NamedConnections;
import dev.tokentally.models.ProviderCircuits;
import dev.tokentally.models.ProviderConnectionChange;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Three OpenAI keys on one platform: the kind's own connection and two named ones, each called by its prefix with its
 * own key, recorded with the connection that served it and priced as the catalog's OpenAI model; circuits per connection.
 */
@TokentallyTest
class NamedConnectionGatewayTest extends GatewayTestSupport {

    static final String EU_KEY = "sk-proj-openai-eu-4b1c";
    static final String BATCH_KEY = "sk-proj-openai-batch-9e3f";

    @Autowired
    NamedConnections named;

    @BeforeEach
    void acmeMayUseGpt4oAndThePlatformHasThreeOpenAiKeys() {
        long gpt4o = prices.model("openai", "gpt-4o").orElseThrow().modelId();
        RunAs.user(users, "admin@acme.test", () -> {
            modelAccess.setAllowed(organization("acme"), gpt4o, true);
            return null;
        });
        add("openai-eu", EU_KEY, true);
        add("openai-batch", BATCH_KEY, true);
    }

    void add(String name, String key, boolean enabled) {
        RunAs.user(users, "root@tokentally.test", () -> named.add(ProviderKind.OPENAI, name, new ProviderConnectionChange(
                enabled, fakes.server.baseUrl() + "/" + name + "/v1", key, 10)));
    }

    static MappingBuilder at(String name, String key) {
        return WireMock.post(urlPathEqualTo("/" + name + "/v1/chat/completions")).withHeader("Authorization", equalTo("Bearer " + key));
    }

    HttpResponse<String> call(String model) throws Exception {
        return chat("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    }

    String answeredBy(String model) throws Exception {
        HttpResponse<String> response = call(model);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return parse(response.body()).path("id").asString();
    }

    @Test
    void each_connection_is_called_by_its_prefix_with_its_own_key_and_recorded_with_it_at_openais_price() throws Exception {
        fakes.server.stubFor(at("openai-eu", EU_KEY).willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-eu",
                GatewayFakes.OPENAI_USAGE))));
        fakes.server.stubFor(at("openai-batch", BATCH_KEY).willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion(
                "chatcmpl-batch", GatewayFakes.OPENAI_USAGE))));
        fakes.server.stubFor(GatewayFakes.openAi().withHeader("Authorization", equalTo("Bearer " + GatewayFakes.OPENAI_KEY))
                .willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-own", GatewayFakes.OPENAI_USAGE))));

        assertThat(answeredBy("openai-eu/gpt-4o")).isEqualTo("chatcmpl-eu");
        assertThat(answeredBy("openai-batch/gpt-4o")).isEqualTo("chatcmpl-batch");
        assertThat(answeredBy("gpt-4o")).as("a catalog name alone keeps going to the kind's own connection").isEqualTo("chatcmpl-own");

        assertThat(event("chatcmpl-eu")).containsEntry("connection", "openai-eu").containsEntry("provider", "openai");
        assertThat(event("chatcmpl-batch")).containsEntry("connection", "openai-batch").containsEntry("provider", "openai");
        assertThat(event("chatcmpl-own")).containsEntry("connection", "openai");
        // The fake answers as gpt-4o-mini's snapshot, priced as OpenAI prices it whichever key served it: 176 uncached
        // input tokens at $0.15, 1,024 cached at $0.075 and 350 output at $0.60 per million.
        assertThat((BigDecimal) event("chatcmpl-eu").get("raw_cost_usd")).isEqualByComparingTo("0.0003132");
        assertThat((BigDecimal) event("chatcmpl-batch").get("raw_cost_usd")).isEqualByComparingTo("0.0003132");
        fakes.server.verify(1, postRequestedFor(urlPathEqualTo("/openai-eu/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + EU_KEY)));
        fakes.server.verify(1, postRequestedFor(urlPathEqualTo("/openai-batch/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + BATCH_KEY)));
    }

    @Test
    void a_failing_connection_opens_only_its_own_circuit() throws Exception {
        fakes.server.stubFor(at("openai-eu", EU_KEY).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}")));
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-own",
                GatewayFakes.OPENAI_USAGE))));
        for (int failure = 0; failure < 5; failure++) {
            assertThat(call("openai-eu/gpt-4o").statusCode()).isGreaterThanOrEqualTo(500);
        }

        assertThat(circuits.isOpen(ProviderCircuits.Circuit.platform("openai-eu", "gpt-4o"))).isTrue();
        assertThat(circuits.isOpen(ProviderCircuits.Circuit.platform("openai", "gpt-4o"))).isFalse();
        assertThat(call("openai-eu/gpt-4o").statusCode()).isEqualTo(503);
        fakes.server.verify(5, postRequestedFor(urlPathEqualTo("/openai-eu/v1/chat/completions")));
        assertThat(answeredBy("gpt-4o")).isEqualTo("chatcmpl-own");
    }

    @Test
    void a_switched_off_connection_is_not_called_and_an_unknown_one_is_not_found() throws Exception {
        add("openai-spare", "sk-proj-openai-spare-0000", false);

        assertThat(call("openai-spare/gpt-4o").statusCode()).isEqualTo(503);
        assertThat(call("openai-nowhere/gpt-4o").statusCode()).isEqualTo(404);
        fakes.server.verify(0, postRequestedFor(urlPathEqualTo("/openai-spare/v1/chat/completions")));
        assertThat(jdbc.sql("select count(*) from usage_event").query(Long.class).single()).isZero();
    }

    @Test
    void v1_models_lists_each_named_connections_variant_of_an_allowed_model_and_not_a_switched_off_ones() throws Exception {
        add("openai-off", "sk-proj-openai-off-0000", false);

        HttpResponse<String> models = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/v1/models"))
                .header("Authorization", "Bearer " + acmeKey).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(models.body()).contains("\"id\":\"gpt-4o\"", "\"id\":\"openai-eu/gpt-4o\"", "\"id\":\"openai-batch/gpt-4o\"")
                .doesNotContain("openai-off/");
    }
}
