package dev.tokentally.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.models.ConnectionCheck;
import dev.tokentally.models.OrganizationConnections;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Acme brings its own Azure OpenAI resource: its deployments serve Acme's calls for the models they deploy, recorded
 * as acme:azure and priced as the catalog's model; no other organization can reach it, by name or by test.
 */
@TokentallyTest
class OrganizationAzureGatewayTest extends GatewayTestSupport {

    static final String ACME_AZURE_KEY = "acme-azure-key-31c8";

    @Autowired
    OrganizationConnections own;
    @Autowired
    ConnectionCheck check;

    long gpt4o;

    @BeforeEach
    void acmeMayUseGpt4o() {
        gpt4o = prices.model("openai", "gpt-4o").orElseThrow().modelId();
        for (String slug : new String[]{"acme", "globex"}) {
            RunAs.user(users, "admin@" + slug + ".test", () -> {
                modelAccess.setAllowed(organization(slug), gpt4o, true);
                return null;
            });
        }
    }

    OrganizationConnections.Change azure(String baseUrl, String apiVersion, String deployments) {
        return new OrganizationConnections.Change(ProviderKind.AZURE, baseUrl, ACME_AZURE_KEY, 10, true, apiVersion, deployments);
    }

    void acmeConnectsAzure() {
        RunAs.user(users, "admin@acme.test", () -> own.save(organization("acme"), azure(fakes.server.baseUrl() + "/acme-azure",
                "2024-10-21", "acme-4o=gpt-4o")));
    }

    static MappingBuilder acmesDeployment() {
        return WireMock.post(urlPathEqualTo("/acme-azure/openai/deployments/acme-4o/chat/completions"))
                .withQueryParam("api-version", equalTo("2024-10-21")).withHeader("api-key", equalTo(ACME_AZURE_KEY));
    }

    HttpResponse<String> call(String key, String model) throws Exception {
        return post("/v1/chat/completions", Map.of("Authorization", "Bearer " + key),
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    }

    @Test
    void acmes_own_azure_deployment_serves_its_calls_by_catalog_name_and_by_prefix_recorded_as_its_connection() throws Exception {
        acmeConnectsAzure();
        fakes.server.stubFor(acmesDeployment().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-acme-azure",
                GatewayFakes.OPENAI_USAGE))));

        HttpResponse<String> plain = call(acmeKey, "gpt-4o");
        HttpResponse<String> prefixed = call(acmeKey, "acme:azure/gpt-4o");

        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        assertThat(prefixed.statusCode()).as(prefixed.body()).isEqualTo(200);
        fakes.server.verify(2, postRequestedFor(urlPathEqualTo("/acme-azure/openai/deployments/acme-4o/chat/completions")));
        fakes.server.verify(0, postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions")));
        assertThat(event("chatcmpl-acme-azure")).containsEntry("connection", "acme:azure").containsEntry("provider", "openai");
        // Priced as the OpenAI model the fake says answered (gpt-4o-mini's snapshot): 176 uncached input tokens at
        // $0.15, 1,024 cached at $0.075 and 350 output at $0.60 per million.
        assertThat((BigDecimal) event("chatcmpl-acme-azure").get("raw_cost_usd")).isEqualByComparingTo("0.0003132");
    }

    @Test
    void another_organization_cannot_reach_acmes_azure_by_name_nor_test_it() throws Exception {
        acmeConnectsAzure();
        fakes.server.stubFor(acmesDeployment().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-stolen",
                GatewayFakes.OPENAI_USAGE))));
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-globex",
                GatewayFakes.OPENAI_USAGE))));
        String globexKey = fixtures.apiKey("globex").secret();

        assertThat(call(globexKey, "acme:azure/gpt-4o").statusCode()).isIn(403, 404);
        assertThat(call(globexKey, "azure/acme-4o").statusCode()).isIn(403, 404);
        HttpResponse<String> plain = call(globexKey, "gpt-4o");
        assertThat(parse(plain.body()).path("id").asString()).isEqualTo("chatcmpl-globex");
        assertThatThrownBy(() -> RunAs.user(users, "admin@globex.test", () -> check.runOwn(organization("globex"), "acme:azure",
                "acme-4o"))).isInstanceOf(dev.tokentally.base.NotFoundException.class);
        assertThatThrownBy(() -> RunAs.user(users, "admin@globex.test", () -> check.runOwn(organization("acme"), "acme:azure",
                "acme-4o"))).as("another organization is not there for it").isInstanceOf(dev.tokentally.base.NotFoundException.class);

        fakes.server.verify(0, postRequestedFor(urlPathEqualTo("/acme-azure/openai/deployments/acme-4o/chat/completions")));
        assertThat(jdbc.sql("select count(*) from usage_event where connection = 'acme:azure'").query(Long.class).single()).isZero();
    }

    @Test
    void an_azure_connection_without_endpoint_api_version_or_good_deployments_is_refused_whole() {
        String url = fakes.server.baseUrl() + "/acme-azure";
        Map<String, OrganizationConnections.Change> refused = Map.of(
                "baseUrl", azure(null, "2024-10-21", "acme-4o=gpt-4o"),
                "apiVersion", azure(url, "latest", "acme-4o=gpt-4o"),
                "deployments", azure(url, "2024-10-21", "acme-4o=no-such-model"));
        refused.forEach((field, change) -> assertThatThrownBy(() -> RunAs.user(users, "admin@acme.test",
                () -> own.save(organization("acme"), change))).as(field)
                .isInstanceOfSatisfying(FieldRejectedException.class, rejected -> assertThat(rejected.field()).isEqualTo(field)));
        assertThatThrownBy(() -> RunAs.user(users, "admin@acme.test", () -> own.save(organization("acme"),
                azure(url, "2024-10-21", "acme-4o=gpt-4o=0.01/0.02")))).as("no price of its own")
                .isInstanceOfSatisfying(FieldRejectedException.class, rejected -> assertThat(rejected.field()).isEqualTo("deployments"));
        assertThat(jdbc.sql("select count(*) from organization_connection").query(Long.class).single()).isZero();
    }
}
