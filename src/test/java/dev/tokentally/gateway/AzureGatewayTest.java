package dev.tokentally.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import com.github.tomakehurst.wiremock.client.WireMock;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.http.HttpResponse;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.openai.azure.AzureOpenAIServiceVersion;
import com.openai.azure.AzureUrlPathMode;
import com.openai.azure.credential.AzureApiKeyCredential;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.models.AzureConnection;
import dev.tokentally.models.AzureEntraId;
import dev.tokentally.models.ConnectionCheck;
import dev.tokentally.models.ProviderConnectionChange;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Azure OpenAI: a deployment serves a catalog model and is priced as that model. Clients reach it as azure/&lt;deployment&gt;
 * in OpenAI's format, or in Azure's own format with the OpenAI SDK's Azure client; the call reaches Azure at the
 * deployment's URL with the api-version and the api-key header; Azure's content-filter refusal comes back as sent and
 * costs nothing.
 */
@TokentallyTest
class AzureGatewayTest extends GatewayTestSupport {

    static final String AZURE_KEY = "azure-platform-key-3f9a";
    static final String API_VERSION = "2024-10-21";

    @Autowired
    AzureConnection azure;
    @Autowired
    AzureEntraId entraId;
    @Autowired
    ConnectionCheck check;

    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String CLIENT = "9a3e1f2b-4c5d-4e6f-8a7b-1c2d3e4f5a6b";
    static final String CLIENT_SECRET = "Qx48Q~kV2mZr.entra-client-secret-value_7Hd";
    static final String ENTRA_TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6Ik1HTHFqOThWTkxvWGFGZnBKQ0JwZ0I0SmFLcyJ9"
            + ".eyJhdWQiOiJodHRwczovL2NvZ25pdGl2ZXNlcnZpY2VzLmF6dXJlLmNvbSJ9.c2lnbmF0dXJl";
    String authorityBefore;

    @AfterEach
    void apiKeyAgain() {
        if (authorityBefore != null) {
            entraId.useAuthority(authorityBefore);
        }
        saveAzure(false);
    }

    /** Azure with Entra ID client credentials; the token endpoint is this test's fake. */
    void saveAzureWithEntraId(String secret) {
        authorityBefore = entraId.useAuthority(fakes.server.baseUrl());
        RunAs.user(users, "root@tokentally.test", () -> azure.save(new ProviderConnectionChange(true,
                        fakes.server.baseUrl() + "/azure", secret, 10),
                new AzureConnection.Settings(API_VERSION, "prod-4o=gpt-4o", false, TENANT, CLIENT)));
    }

    static MappingBuilder tokenEndpoint() {
        return WireMock.post(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token"));
    }

    @BeforeEach
    void connectAzure() {
        saveAzure(false);
        long gpt4o = prices.model("openai", "gpt-4o").orElseThrow().modelId();
        RunAs.user(users, "admin@acme.test", () -> {
            modelAccess.setAllowed(organization("acme"), gpt4o, true);
            return null;
        });
    }

    void saveAzure(boolean preferred) {
        RunAs.user(users, "root@tokentally.test", () -> azure.save(new ProviderConnectionChange(true,
                        fakes.server.baseUrl() + "/azure", AZURE_KEY, 10),
                new AzureConnection.Settings(API_VERSION, "prod-4o=gpt-4o", preferred)));
    }

    static MappingBuilder deployment() {
        return WireMock.post(urlPathEqualTo("/azure/openai/deployments/prod-4o/chat/completions"))
                .withQueryParam("api-version", equalTo(API_VERSION)).withHeader("api-key", equalTo(AZURE_KEY));
    }

    /** Azure's answer: OpenAI's, with the content filter's results and the underlying model's dated name. */
    static String azureCompletion(String id) {
        return """
                {"id":"%s","object":"chat.completion","created":1763856000,"model":"gpt-4o-2024-11-20",\
                "prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,\
                "severity":"safe"},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,\
                "severity":"safe"},"violence":{"filtered":false,"severity":"safe"}}}],\
                "choices":[{"index":0,"finish_reason":"stop","logprobs":null,"message":{"role":"assistant",\
                "content":"Hello from Azure","refusal":null},"content_filter_results":{"hate":{"filtered":false,\
                "severity":"safe"},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,\
                "severity":"safe"},"violence":{"filtered":false,"severity":"safe"}}}],\
                "usage":%s,"system_fingerprint":"fp_b705f0c291"}""".formatted(id, GatewayFakes.OPENAI_USAGE);
    }

    /** gpt-4o: 176 uncached input tokens at $2.50, 1,024 cached at $1.25 and 350 output at $10 per million. */
    static final BigDecimal GPT_4O_COST = new BigDecimal("0.00522");

    @Test
    void an_openai_format_call_to_a_deployment_reaches_azure_and_is_metered_at_the_catalog_models_prices() throws Exception {
        fakes.server.stubFor(deployment().willReturn(GatewayFakes.json(azureCompletion("chatcmpl-azure-1"))));

        HttpResponse<String> response = chat("""
                {"model":"azure/prod-4o","messages":[{"role":"user","content":"Hello"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(parse(response.body()).path("choices").path(0).path("message").path("content").asString())
                .isEqualTo("Hello from Azure");
        assertThat(event("chatcmpl-azure-1")).containsEntry("provider", "openai").containsEntry("model", "gpt-4o")
                .containsEntry("cached_input_tokens", 1024L).containsEntry("output_tokens", 350L);
        assertThat(rawCost("chatcmpl-azure-1")).isEqualByComparingTo(GPT_4O_COST);
        fakes.server.verify(0, postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions")));
    }

    @Test
    void the_official_sdks_azure_client_calls_the_gateway_in_azures_format_with_our_key() {
        fakes.server.stubFor(deployment().willReturn(GatewayFakes.json(azureCompletion("chatcmpl-azure-2"))));
        var client = OpenAIOkHttpClient.builder().baseUrl(baseUrl()).credential(AzureApiKeyCredential.create(acmeKey))
                .azureServiceVersion(AzureOpenAIServiceVersion.fromString(API_VERSION))
                .azureUrlPathMode(AzureUrlPathMode.LEGACY).maxRetries(0).build();

        ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder().model("prod-4o")
                .addUserMessage("Hello").build());

        assertThat(answer.choices().getFirst().message().content()).contains("Hello from Azure");
        assertThat(rawCost("chatcmpl-azure-2")).isEqualByComparingTo(GPT_4O_COST);
    }

    @Test
    void azures_content_filter_refusal_is_passed_through_in_openais_shape_and_nothing_is_charged() throws Exception {
        String refusal = """
                {"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content \
                management policy.","type":null,"param":"prompt","code":"content_filter","status":400,\
                "innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"hate":{"filtered":true,\
                "severity":"high"},"jailbreak":{"filtered":false,"detected":false},"self_harm":{"filtered":false,\
                "severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,\
                "severity":"safe"}}}}}""";
        fakes.server.stubFor(deployment().willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(refusal)));

        HttpResponse<String> response = chat("""
                {"model":"azure/prod-4o","messages":[{"role":"user","content":"Something hateful"}]}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(parse(response.body()).path("error").path("code").asString()).isEqualTo("content_filter");
        assertThat(parse(response.body()).path("error").path("innererror").path("code").asString())
                .isEqualTo("ResponsibleAIPolicyViolation");
        assertThat(gatewayEvents()).isZero();
        assertThat(gatewaySpend()).isZero();
    }

    @Test
    void a_catalog_name_goes_to_azure_only_when_azure_is_preferred() throws Exception {
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-openai-1",
                GatewayFakes.OPENAI_USAGE))));
        fakes.server.stubFor(deployment().willReturn(GatewayFakes.json(azureCompletion("chatcmpl-azure-3"))));
        String body = """
                {"model":"gpt-4o","messages":[{"role":"user","content":"Hello"}]}""";

        assertThat(parse(chat(body).body()).path("id").asString()).isEqualTo("chatcmpl-openai-1");
        saveAzure(true);
        assertThat(parse(chat(body).body()).path("id").asString()).isEqualTo("chatcmpl-azure-3");
        assertThat(rawCost("chatcmpl-azure-3")).isEqualByComparingTo(GPT_4O_COST);
    }

    @Test
    void an_unknown_deployment_is_not_found() throws Exception {
        HttpResponse<String> response = chat("""
                {"model":"azure/no-such","messages":[{"role":"user","content":"Hello"}]}""");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(parse(response.body()).path("error").path("message").asString()).contains("no Azure deployment 'no-such'");
    }

    @Test
    void a_deployment_with_its_own_price_is_metered_at_that_price_and_a_bad_price_is_refused_on_its_field() throws Exception {
        RunAs.user(users, "root@tokentally.test", () -> azure.save(new ProviderConnectionChange(true,
                        fakes.server.baseUrl() + "/azure", null, 10),
                new AzureConnection.Settings(API_VERSION, "prod-4o=gpt-4o,cheap-4o=gpt-4o=2/8/0.5", false)));
        fakes.server.stubFor(WireMock.post(urlPathEqualTo("/azure/openai/deployments/cheap-4o/chat/completions"))
                .willReturn(GatewayFakes.json(azureCompletion("chatcmpl-azure-own-price"))));

        HttpResponse<String> response = chat("""
                {"model":"azure/cheap-4o","messages":[{"role":"user","content":"Hello"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(event("chatcmpl-azure-own-price")).containsEntry("provider", "azure-deployment")
                .containsEntry("model", "cheap-4o");
        // 176 uncached input tokens at $2, 1,024 cached at $0.50 and 350 output at $8 per million.
        assertThat(rawCost("chatcmpl-azure-own-price")).isEqualByComparingTo(new BigDecimal("0.003664"));
        assertThat(RunAs.user(users, "root@tokentally.test", () -> azure.deploymentsText()))
                .isEqualTo("cheap-4o=gpt-4o=2/8/0.5,prod-4o=gpt-4o");
        assertThatThrownBy(() -> RunAs.user(users, "root@tokentally.test", () -> azure.save(new ProviderConnectionChange(true,
                        fakes.server.baseUrl() + "/azure", null, 10), new AzureConnection.Settings(API_VERSION, "prod-4o=gpt-4o=cheap", false))))
                .isInstanceOfSatisfying(FieldRejectedException.class, refused -> assertThat(refused.field()).isEqualTo("deployments"))
                .hasMessageContaining("USD per million input/output tokens");
        assertThat(RunAs.user(users, "root@tokentally.test", () -> azure.deploymentsText()))
                .as("nothing changed").isEqualTo("cheap-4o=gpt-4o=2/8/0.5,prod-4o=gpt-4o");
    }

    @Test
    void a_deployment_priced_above_its_model_is_held_at_its_own_price_and_refused_by_a_hard_budget_the_catalog_price_fits()
            throws Exception {
        RunAs.user(users, "root@tokentally.test", () -> azure.save(new ProviderConnectionChange(true,
                        fakes.server.baseUrl() + "/azure", null, 10),
                new AzureConnection.Settings(API_VERSION, "prod-4o=gpt-4o,dear-4o=gpt-4o=100/400", false)));
        fakes.server.stubFor(deployment().willReturn(GatewayFakes.json(azureCompletion("chatcmpl-azure-held-catalog"))));
        fakes.server.stubFor(WireMock.post(urlPathEqualTo("/azure/openai/deployments/dear-4o/chat/completions"))
                .willReturn(GatewayFakes.json(azureCompletion("chatcmpl-azure-held-dear"))));
        // Room for about $0.045: 1,000 output tokens are $0.01 at gpt-4o's $10 per million, $0.40 at the deployment's $400.
        hardBudgetWithRoomFor(1, new BigDecimal("0.03"));
        String body = """
                {"model":"azure/%s","max_tokens":1000,"messages":[{"role":"user","content":"Hello"}]}""";

        HttpResponse<String> dear = chat(body.formatted("dear-4o"));

        assertThat(dear.statusCode()).isEqualTo(429);
        assertThat(parse(dear.body()).path("error").path("code").asString()).isEqualTo("budget_exceeded");
        fakes.server.verify(0, postRequestedFor(urlPathEqualTo("/azure/openai/deployments/dear-4o/chat/completions")));
        assertThat(chat(body.formatted("prod-4o")).statusCode()).as("the catalog price fits the same budget").isEqualTo(200);
    }

    @Test
    void entra_id_client_credentials_get_a_token_once_whose_bearer_reaches_azure_from_the_gateway_and_the_connection_test()
            throws Exception {
        fakes.server.stubFor(tokenEndpoint().willReturn(GatewayFakes.json("""
                {"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"%s"}""".formatted(ENTRA_TOKEN))));
        fakes.server.stubFor(WireMock.post(urlPathEqualTo("/azure/openai/deployments/prod-4o/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + ENTRA_TOKEN)).withHeader("api-key", WireMock.absent())
                .willReturn(GatewayFakes.json(azureCompletion("chatcmpl-azure-entra-{{randomValue type='UUID'}}"))
                        .withTransformers("response-template")));
        fakes.server.stubFor(WireMock.post(urlPathEqualTo("/azure/openai/deployments/prod-4o/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + ENTRA_TOKEN))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(GatewayFakes.sse(GatewayFakes.openAiStream("chatcmpl-azure-entra-check", "OK"))));
        saveAzureWithEntraId(CLIENT_SECRET);

        HttpResponse<String> first = chat("""
                {"model":"azure/prod-4o","messages":[{"role":"user","content":"Hello"}]}""");
        HttpResponse<String> second = chat("""
                {"model":"azure/prod-4o","messages":[{"role":"user","content":"Hello again"}]}""");
        ConnectionCheck.Result tested = RunAs.user(users, "root@tokentally.test", () -> check.run("azure", "prod-4o"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(rawCost(parse(first.body()).path("id").asString())).isEqualByComparingTo(GPT_4O_COST);
        assertThat(tested.error()).isNull();
        assertThat(tested.answer()).isEqualTo("OK");
        fakes.server.verify(1, postRequestedFor(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token"))
                .withHeader("Content-Type", WireMock.containing("application/x-www-form-urlencoded"))
                .withRequestBody(WireMock.containing("grant_type=client_credentials"))
                .withRequestBody(WireMock.containing("client_id=" + CLIENT))
                .withRequestBody(WireMock.containing("client_secret=" + java.net.URLEncoder.encode(CLIENT_SECRET,
                        java.nio.charset.StandardCharsets.UTF_8)))
                .withRequestBody(WireMock.containing("scope=https%3A%2F%2Fcognitiveservices.azure.com%2F.default")));
        fakes.server.verify(3, postRequestedFor(urlPathEqualTo("/azure/openai/deployments/prod-4o/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + ENTRA_TOKEN)));
        assertThat(RunAs.user(users, "root@tokentally.test", () -> azure.entraId()))
                .contains(new AzureEntraId.Ids(TENANT, CLIENT));
    }

    @Test
    void a_wrong_client_secret_is_a_clear_error_from_the_gateway_and_the_connection_test_and_costs_nothing() throws Exception {
        fakes.server.stubFor(tokenEndpoint().willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody("""
                        {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. \
                        Ensure the secret being sent in the request is the client secret value, not the client secret ID, \
                        for a secret added to app '9a3e1f2b-4c5d-4e6f-8a7b-1c2d3e4f5a6b'.\\r\\nTrace ID: \
                        5c1b2f0e-7a3d-4e21-9c4b-0d6f2e8a1b00\\r\\nCorrelation ID: 1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b\\r\\n\
                        Timestamp: 2026-12-07 22:00:00Z","error_codes":[7000215],"timestamp":"2026-12-07 22:00:00Z",\
                        "trace_id":"5c1b2f0e-7a3d-4e21-9c4b-0d6f2e8a1b00","correlation_id":"1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b",\
                        "error_uri":"https://login.microsoftonline.com/error?code=7000215"}""")));
        saveAzureWithEntraId("not-the-secret");

        HttpResponse<String> response = chat("""
                {"model":"azure/prod-4o","messages":[{"role":"user","content":"Hello"}]}""");
        ConnectionCheck.Result tested = RunAs.user(users, "root@tokentally.test", () -> check.run("azure", "prod-4o"));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(parse(response.body()).path("error").path("message").asString())
                .contains("Microsoft Entra ID refused", "AADSTS7000215: Invalid client secret provided")
                .doesNotContain("Trace ID", "not-the-secret");
        assertThat(tested.ok()).isFalse();
        assertThat(tested.error()).contains("AADSTS7000215: Invalid client secret provided");
        fakes.server.verify(0, postRequestedFor(urlPathEqualTo("/azure/openai/deployments/prod-4o/chat/completions")));
        assertThat(gatewaySpend()).isZero();
    }

    @Test
    void entra_ids_with_only_a_tenant_are_refused_on_the_client_id_field_and_nothing_changes() {
        assertThatThrownBy(() -> RunAs.user(users, "root@tokentally.test", () -> azure.save(new ProviderConnectionChange(true,
                        fakes.server.baseUrl() + "/azure", null, 10),
                new AzureConnection.Settings(API_VERSION, "prod-4o=gpt-4o", false, TENANT, " "))))
                .isInstanceOfSatisfying(FieldRejectedException.class, refused -> assertThat(refused.field()).isEqualTo("clientId"));
        assertThat(RunAs.user(users, "root@tokentally.test", () -> azure.entraId())).isEmpty();
    }

    @Test
    void a_responses_api_call_to_a_deployment_reaches_azures_v1_responses_under_the_deployments_name_and_is_metered() throws Exception {
        fakes.server.stubFor(WireMock.post(urlPathEqualTo("/azure/openai/v1/responses")).withHeader("api-key", equalTo(AZURE_KEY))
                .withRequestBody(matchingJsonPath("$.model", equalTo("prod-4o")))
                .willReturn(GatewayFakes.json(GatewayFakes.response("resp_azure_1", "completed", "Hello from Azure",
                        GatewayFakes.RESPONSES_USAGE).replace("o4-mini-2025-04-16", "gpt-4o-2024-11-20"))));

        HttpResponse<String> response = post("/v1/responses", java.util.Map.of("Authorization", "Bearer " + acmeKey), """
                {"model":"azure/prod-4o","input":"Hello"}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(parse(response.body()).path("id").asString()).isEqualTo("resp_azure_1");
        assertThat(event("resp_azure_1")).containsEntry("provider", "openai").containsEntry("model", "gpt-4o")
                .containsEntry("cached_input_tokens", 1024L).containsEntry("reasoning_tokens", 128L)
                .containsEntry("wire_format", "responses").containsEntry("connection", "azure");
        assertThat(rawCost("resp_azure_1")).isEqualByComparingTo(GPT_4O_COST);
    }

    BigDecimal rawCost(String responseId) {
        return jdbc.sql("select raw_cost_usd from usage_event where idempotency_key like ?").param("%" + responseId)
                .query(BigDecimal.class).optional().orElse(null);
    }

}
