package dev.tokentally.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.models.ConnectionCheck;
import dev.tokentally.models.OwnCompatibleConnections;
import dev.tokentally.pricing.CatalogModel;
import dev.tokentally.pricing.PriceCatalog;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Bring your own OpenAI-compatible server: Acme's admin connects the team's vLLM (its own key, its own prices, a model
 * left unpriced); Acme's clients call acme:vllm/&lt;model&gt;, recorded with that connection at Acme's prices; no other
 * organization can call it, allow its models, test it or read its prices.
 */
@TokentallyTest
class OrganizationCompatibleGatewayTest extends GatewayTestSupport {

    static final String VLLM_KEY = "vllm-acme-team-key-93af";

    @Autowired
    OwnCompatibleConnections ownCompatible;
    @Autowired
    ConnectionCheck check;
    @Autowired
    PriceCatalog catalog;

    void acmeConnectsVllm() {
        RunAs.user(users, "admin@acme.test", () -> ownCompatible.save(organization("acme"), new OwnCompatibleConnections.Change(
                "vllm", fakes.server.baseUrl() + "/acme-vllm/v1", VLLM_KEY, "llama-3.1-8b=0.3/0.6,qwen-local", 10)));
    }

    static void vllmAnswers(String id, String model) {
        fakes.server.stubFor(WireMock.post(urlPathEqualTo("/acme-vllm/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + VLLM_KEY))
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .willReturn(GatewayFakes.json(CompatibleConnectionGatewayTest.groqCompletion(id, model))));
    }

    HttpResponse<String> call(String key, String model) throws Exception {
        return post("/v1/chat/completions", Map.of("Authorization", "Bearer " + key),
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    }

    @Test
    void acmes_own_vllm_serves_its_sdk_calls_recorded_under_its_connection_at_acmes_price() throws Exception {
        acmeConnectsVllm();
        vllmAnswers("chatcmpl-vllm-1", "llama-3.1-8b");
        var client = OpenAIOkHttpClient.builder().baseUrl(baseUrl() + "/v1").apiKey(acmeKey).maxRetries(0).build();

        ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("acme:vllm/llama-3.1-8b").addUserMessage("Hello").build());
        HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/models"))
                .header("Authorization", "Bearer " + acmeKey).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.choices().getFirst().message().content()).contains("Hi from Groq");
        assertThat(event("chatcmpl-vllm-1")).containsEntry("connection", "acme:vllm").containsEntry("provider", "acme:vllm")
                .containsEntry("input_tokens", 1200L).containsEntry("output_tokens", 350L);
        // 1,200 × $0.3 + 350 × $0.6 per million tokens.
        assertThat((BigDecimal) event("chatcmpl-vllm-1").get("raw_cost_usd")).isEqualByComparingTo("0.00057");
        assertThat(models.body()).contains("\"id\":\"acme:vllm/llama-3.1-8b\"", "\"id\":\"acme:vllm/qwen-local\"");
        assertThat(RunAs.user(users, "alice@acme.test", () -> modelAccess.choices()))
                .as("Acme's members may chat with the server's models").filteredOn(model -> model.connection().equals("acme:vllm"))
                .extracting(dev.tokentally.models.ChatModelChoice::name).containsExactlyInAnyOrder("llama-3.1-8b", "qwen-local");
        assertThat(RunAs.user(users, "admin@globex.test", () -> modelAccess.choices()))
                .noneMatch(model -> model.connection().equals("acme:vllm"));
    }

    @Test
    void a_model_acme_left_unpriced_is_recorded_unpriced_never_at_zero() throws Exception {
        acmeConnectsVllm();
        vllmAnswers("chatcmpl-vllm-2", "qwen-local");

        assertThat(call(acmeKey, "acme:vllm/qwen-local").statusCode()).isEqualTo(200);

        assertThat(event("chatcmpl-vllm-2")).containsEntry("connection", "acme:vllm").containsEntry("raw_cost_usd", null)
                .containsEntry("input_tokens", 1200L);
    }

    @Test
    void another_organization_cannot_call_allow_test_or_see_the_prices_of_acmes_server() throws Exception {
        acmeConnectsVllm();
        vllmAnswers("chatcmpl-vllm-stolen", "llama-3.1-8b");
        long acmesModel = prices.model("acme:vllm", "llama-3.1-8b").orElseThrow().modelId();

        assertThat(call(fixtures.apiKey("globex").secret(), "acme:vllm/llama-3.1-8b").statusCode()).isIn(403, 404);
        assertThatThrownBy(() -> RunAs.user(users, "admin@globex.test", () -> {
            modelAccess.setAllowed(organization("globex"), acmesModel, true);
            return null;
        })).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> RunAs.user(users, "admin@globex.test", () -> check.runOwn(organization("globex"), "acme:vllm",
                "llama-3.1-8b"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> RunAs.user(users, "admin@globex.test", () -> check.runOwn(organization("acme"), "acme:vllm",
                "llama-3.1-8b"))).as("another organization is not there for it").isInstanceOf(NotFoundException.class);
        assertThat(RunAs.user(users, "admin@globex.test", () -> catalog.models("", "chat", "", 0, 10_000)))
                .extracting(CatalogModel::providerCode).doesNotContain("acme:vllm");
        assertThat(RunAs.user(users, "admin@acme.test", () -> catalog.models("", "chat", "", 0, 10_000)))
                .extracting(CatalogModel::providerCode).contains("acme:vllm");

        fakes.server.verify(0, postRequestedFor(urlPathEqualTo("/acme-vllm/v1/chat/completions")));
        assertThat(jdbc.sql("select count(*) from usage_event where connection = 'acme:vllm'").query(Long.class).single()).isZero();
    }

    @Test
    void test_connection_makes_one_tiny_call_through_acmes_server_and_shows_acmes_price() {
        acmeConnectsVllm();
        // Test connection streams, as the chat does; vLLM sends its usage in a last chunk.
        fakes.server.stubFor(WireMock.post(urlPathEqualTo("/acme-vllm/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + VLLM_KEY))
                .willReturn(GatewayFakes.sse(GatewayFakes.openAiStream("chatcmpl-vllm-check", "OK").replace(GatewayFakes.OPENAI_USAGE,
                        "{\"prompt_tokens\":1200,\"completion_tokens\":350,\"total_tokens\":1550}"))));

        ConnectionCheck.Result result = RunAs.user(users, "admin@acme.test", () -> check.runOwn(organization("acme"),
                "acme:vllm", "llama-3.1-8b"));

        assertThat(result.error()).isNull();
        assertThat(result.cost()).isEqualByComparingTo("0.00057");
        fakes.server.verify(1, postRequestedFor(urlPathEqualTo("/acme-vllm/v1/chat/completions")));
    }

    @Test
    void a_bad_name_address_or_model_list_is_refused_and_nothing_is_saved() {
        String url = fakes.server.baseUrl() + "/acme-vllm/v1";
        Map<String, OwnCompatibleConnections.Change> refused = Map.of(
                "name", new OwnCompatibleConnections.Change("openai", url, null, "llama-3.1-8b", 10),
                "baseUrl", new OwnCompatibleConnections.Change("vllm", "ftp://vllm", null, "llama-3.1-8b", 10),
                "models", new OwnCompatibleConnections.Change("vllm", url, null, "llama-3.1-8b=-1/2", 10));
        refused.forEach((field, change) -> assertThatThrownBy(() -> RunAs.user(users, "admin@acme.test",
                () -> ownCompatible.save(organization("acme"), change)))
                .isInstanceOfSatisfying(FieldRejectedException.class, rejected -> assertThat(rejected.field()).isEqualTo(field)));

        assertThat(jdbc.sql("select count(*) from organization_connection").query(Long.class).single()).isZero();
    }
}
