package dev.tokentally.models.ui;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;

import com.vaadin.flow.component.button.Button;
import dev.tokentally.models.AzureConnection;
import dev.tokentally.models.CompatibleConnections;
import dev.tokentally.models.ProviderConnectionChange;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.ViewTest;
import dev.tokentally.testsupport.WireMockFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;

/** OpenAI-compatible connections on the Providers page: added with their models and prices, and tested with one tiny call. */
class ProvidersViewConnectionsTest extends ViewTest {

    static final class Server extends WireMockFake {
    }

    @RegisterExtension
    static final Server server = new Server();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    UserDetailsService users;
    @Autowired
    CompatibleConnections compatible;
    @Autowired
    AzureConnection azure;

    /** An OpenAI-compatible stream as vLLM sends it when asked for usage: the usage in a last chunk with no choices. */
    static String stream() {
        String head = "{\"id\":\"chatcmpl-vllm-1\",\"object\":\"chat.completion.chunk\",\"created\":1763856000,"
                + "\"model\":\"llama-3.1-8b\",";
        return "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"OK\"},"
                + "\"logprobs\":null,\"finish_reason\":null}]}\n\n"
                + "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"length\"}]}\n\n"
                + "data: " + head + "\"choices\":[],\"usage\":{\"prompt_tokens\":16,\"completion_tokens\":1,\"total_tokens\":17}}\n\n"
                + "data: [DONE]\n\n";
    }

    int row(ProvidersView view, String provider) {
        return IntStream.range(0, test(view.grid).size()).filter(row -> test(view.grid).getCellText(row, 0).equals(provider))
                .findFirst().orElseThrow();
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void test_connection_makes_one_tiny_call_and_shows_the_answer_tokens_and_cost() {
        RunAs.user(users, "root@tokentally.test", () -> compatible.save(new CompatibleConnections.Change("vLLM", true,
                server.server.baseUrl() + "/v1", null, "llama-3.1-8b=0.1/0.2", 10)));
        server.server.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("llama-3.1-8b")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(stream())));
        ProvidersView view = navigate(ProvidersView.class);

        test((Button) test(view.grid).getCellComponent(row(view, "vLLM · OpenAI-compatible"), 7)).click();
        ConnectionTestDialog dialog = $(ConnectionTestDialog.class).first();
        assertThat(dialog.model.getValue()).isEqualTo("llama-3.1-8b");
        test(button("Call")).click();

        // 16 × $0.1 + 1 × $0.2 per million tokens.
        assertThat(dialog.result.getText()).isEqualTo("Answered \"OK\" · 16 input + 1 output tokens · cost USD 0.0000018");
        server.server.verify(postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("5"))));
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void test_connection_calls_an_azure_deployment_and_prices_it_as_its_catalog_model() {
        RunAs.user(users, "root@tokentally.test", () -> azure.save(new ProviderConnectionChange(true,
                server.server.baseUrl() + "/azure", "azure-test-key-0042", 10),
                new AzureConnection.Settings("2024-10-21", "prod-4o=gpt-4o", false)));
        server.server.stubFor(post(urlPathEqualTo("/azure/openai/deployments/prod-4o/chat/completions"))
                .withQueryParam("api-version", equalTo("2024-10-21")).withHeader("api-key", equalTo("azure-test-key-0042"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(stream())));
        ProvidersView view = navigate(ProvidersView.class);

        test((Button) test(view.grid).getCellComponent(row(view, "Azure OpenAI"), 7)).click();
        ConnectionTestDialog dialog = $(ConnectionTestDialog.class).first();
        assertThat(dialog.model.getValue()).isEqualTo("prod-4o");
        test(button("Call")).click();

        // gpt-4o: 16 × $2.50 + 1 × $10 per million tokens.
        assertThat(dialog.result.getText()).isEqualTo("Answered \"OK\" · 16 input + 1 output tokens · cost USD 0.00005");
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void test_connection_shows_the_providers_error() {
        RunAs.user(users, "root@tokentally.test", () -> compatible.save(new CompatibleConnections.Change("vLLM", true,
                server.server.baseUrl() + "/v1", null, "llama-3.1-8b", 10)));
        server.server.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Invalid API Key\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")));
        ProvidersView view = navigate(ProvidersView.class);

        test((Button) test(view.grid).getCellComponent(row(view, "vLLM · OpenAI-compatible"), 7)).click();
        test(button("Call")).click();

        assertThat($(ConnectionTestDialog.class).first().result.getText()).startsWith("Failed: ").contains("Invalid API Key");
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void a_platform_admin_adds_a_compatible_server_with_priced_models_and_bad_input_is_marked_with_nothing_saved() {
        ProvidersView view = navigate(ProvidersView.class);
        test(view.addCompatible).click();
        CompatibleConnectionDialog dialog = $(CompatibleConnectionDialog.class).first();
        test(dialog.name).setValue("Groq");
        test(dialog.baseUrl).setValue("ftp://api.groq.com");
        test(dialog.models).setValue("llama-3.1-8b=0.1/0.2");
        test(button("Save")).click();
        assertThat(dialog.baseUrl.isInvalid()).isTrue();
        assertThat(dialog.baseUrl.getErrorMessage()).contains("http:// or https://");

        test(dialog.baseUrl).setValue("https://api.groq.com/openai/v1");
        test(dialog.models).setValue("llama-3.1-8b=cheap");
        test(button("Save")).click();
        assertThat(dialog.baseUrl.isInvalid()).isFalse();
        assertThat(dialog.models.isInvalid()).isTrue();
        assertThat(dialog.models.getErrorMessage()).contains("USD per million input/output tokens");
        assertThat(jdbc.sql("select count(*) from provider_connection where provider_code = 'groq'").query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from provider where code = 'groq'").query(Long.class).single()).isZero();

        test(dialog.models).setValue("llama-3.1-8b=0.1/0.2,other-model");
        test(button("Save")).click();

        int groq = row(view, "Groq · OpenAI-compatible");
        assertThat(test(view.grid).getCellText(groq, 1)).isEqualTo("Enabled");
        assertThat(test(view.grid).getCellText(groq, 2)).isEqualTo("https://api.groq.com/openai/v1");
        assertThat(RunAs.user(users, "root@tokentally.test", () -> compatible.models("groq")))
                .isEqualTo("llama-3.1-8b=0.1/0.2,other-model");
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void the_xai_preset_brings_the_catalogs_models_with_their_prices() {
        ProvidersView view = navigate(ProvidersView.class);
        test(view.addCompatible).click();
        CompatibleConnectionDialog dialog = $(CompatibleConnectionDialog.class).first();

        test(dialog.preset).selectItem("xAI");

        assertThat(dialog.name.getValue()).isEqualTo("xAI");
        assertThat(dialog.baseUrl.getValue()).isEqualTo("https://api.x.ai/v1");
        assertThat(dialog.models.getValue()).contains("grok-4.3=");
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void a_bad_azure_deployment_is_marked_and_nothing_saved() {
        ProvidersView view = navigate(ProvidersView.class);
        test((Button) test(view.grid).getCellComponent(row(view, "Azure OpenAI"), 6)).click();
        ConnectionDialog dialog = $(ConnectionDialog.class).first();
        test(dialog.baseUrl).setValue("https://contoso.openai.azure.com");
        test(dialog.apiKey).setValue("azure-key-0123456789");
        test(dialog.apiVersion).setValue("2024-10-21");
        test(dialog.deployments).setValue("prod-4o=gpt-9000");
        test(button("Save")).click();

        assertThat(dialog.deployments.isInvalid()).isTrue();
        assertThat(dialog.deployments.getErrorMessage()).contains("gpt-9000 (of prod-4o) is not an OpenAI model of the catalog");
        assertThat(jdbc.sql("select base_url from provider_connection where provider_code = 'azure'").query(String.class)
                .optional()).isEmpty();
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void azure_takes_entra_id_client_credentials_in_its_dialog_and_a_bad_tenant_is_marked_with_nothing_saved() {
        ProvidersView view = navigate(ProvidersView.class);
        test((Button) test(view.grid).getCellComponent(row(view, "Azure OpenAI"), 6)).click();
        ConnectionDialog dialog = $(ConnectionDialog.class).first();
        test(dialog.baseUrl).setValue("https://contoso.openai.azure.com");
        test(dialog.apiKey).setValue("Qx48Q~client-secret-value");
        test(dialog.apiVersion).setValue("2024-10-21");
        test(dialog.deployments).setValue("prod-4o=gpt-4o");
        test(dialog.tenantId).setValue("not a tenant");
        test(dialog.clientId).setValue("9a3e1f2b-4c5d-4e6f-8a7b-1c2d3e4f5a6b");
        test(button("Save")).click();

        assertThat(dialog.tenantId.isInvalid()).isTrue();
        assertThat(jdbc.sql("select count(*) from azure_entra_id").query(Long.class).single()).isZero();

        test(dialog.tenantId).setValue("72f988bf-86f1-41af-91ab-2d7cd011db47");
        test(button("Save")).click();

        assertThat(jdbc.sql("select tenant_id || ' ' || client_id from azure_entra_id where provider_code = 'azure'")
                .query(String.class).single()).isEqualTo("72f988bf-86f1-41af-91ab-2d7cd011db47 9a3e1f2b-4c5d-4e6f-8a7b-1c2d3e4f5a6b");
        test((Button) test(view.grid).getCellComponent(row(view, "Azure OpenAI"), 6)).click();
        assertThat($(ConnectionDialog.class).last().tenantId.getValue()).isEqualTo("72f988bf-86f1-41af-91ab-2d7cd011db47");
        jdbc.sql("delete from azure_entra_id").update();
    }
}
