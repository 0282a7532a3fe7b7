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
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.models.OrganizationConnections;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

/**
 * Bring your own key: Acme's own OpenAI key serves Acme's calls (before the platform's unless Acme says otherwise),
 * recorded as acme:openai and priced at the catalog's prices; prefixes pick a connection; no other organization can
 * reach it.
 */
@TokentallyTest
class OrganizationConnectionGatewayTest extends GatewayTestSupport {

    static final String ACME_OWN_KEY = "sk-acme-own-key-7c2e";

    @Autowired
    OrganizationConnections own;

    long gpt4o;

    @BeforeEach
    void acmeMayUseGpt4o() {
        gpt4o = prices.model("openai", "gpt-4o").orElseThrow().modelId();
        RunAs.user(users, "admin@acme.test", () -> {
            modelAccess.setAllowed(organization("acme"), gpt4o, true);
            return null;
        });
    }

    void acmeConnects(boolean preferred) {
        RunAs.user(users, "admin@acme.test", () -> own.save(organization("acme"), new OrganizationConnections.Change(
                ProviderKind.OPENAI, fakes.server.baseUrl() + "/acme-own/v1", ACME_OWN_KEY, 10, preferred)));
    }

    static MappingBuilder acmesOwn() {
        return WireMock.post(urlPathEqualTo("/acme-own/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + ACME_OWN_KEY));
    }

    String answeredBy(String model) throws Exception {
        HttpResponse<String> response = chat("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return parse(response.body()).path("id").asString();
    }

    @Test
    void an_organizations_own_openai_key_serves_its_sdk_calls_recorded_under_its_connection_at_catalog_prices() {
        acmeConnects(true);
        fakes.server.stubFor(acmesOwn().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-own-1",
                GatewayFakes.OPENAI_USAGE))));
        var client = OpenAIOkHttpClient.builder().baseUrl(baseUrl() + "/v1").apiKey(acmeKey).maxRetries(0).build();

        ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o")
                .addUserMessage("Hello").build());

        assertThat(answer.id()).isEqualTo("chatcmpl-own-1");
        assertThat(event("chatcmpl-own-1")).containsEntry("connection", "acme:openai").containsEntry("provider", "openai")
                .containsEntry("model", "gpt-4o-mini-2024-07-18");
        // The fake answers as gpt-4o-mini's snapshot, priced as that: 176 uncached input tokens at $0.15, 1,024 cached
        // at $0.075 and 350 output at $0.60 per million.
        assertThat((BigDecimal) event("chatcmpl-own-1").get("raw_cost_usd")).isEqualByComparingTo("0.0003132");
        fakes.server.verify(0, postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions")));
    }

    @Test
    void the_organizations_stated_preference_picks_the_connection_for_a_catalog_name_and_prefixes_pick_explicitly() throws Exception {
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-platform",
                GatewayFakes.OPENAI_USAGE))));
        fakes.server.stubFor(acmesOwn().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-own",
                GatewayFakes.OPENAI_USAGE))));

        acmeConnects(false);
        assertThat(answeredBy("gpt-4o")).isEqualTo("chatcmpl-platform");
        assertThat(answeredBy("acme:openai/gpt-4o")).isEqualTo("chatcmpl-own");

        acmeConnects(true);
        assertThat(answeredBy("gpt-4o")).isEqualTo("chatcmpl-own");
        assertThat(answeredBy("openai/gpt-4o")).isEqualTo("chatcmpl-platform");
    }

    @Test
    void another_organization_cannot_reach_acmes_connection() throws Exception {
        acmeConnects(true);
        fakes.server.stubFor(acmesOwn().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-stolen",
                GatewayFakes.OPENAI_USAGE))));
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-globex",
                GatewayFakes.OPENAI_USAGE))));
        RunAs.user(users, "admin@globex.test", () -> {
            modelAccess.setAllowed(organization("globex"), gpt4o, true);
            return null;
        });
        String globexKey = fixtures.apiKey("globex").secret();

        HttpResponse<String> prefixed = post("/v1/chat/completions", Map.of("Authorization", "Bearer " + globexKey), """
                {"model":"acme:openai/gpt-4o","messages":[{"role":"user","content":"Hi"}]}""");
        HttpResponse<String> plain = post("/v1/chat/completions", Map.of("Authorization", "Bearer " + globexKey), """
                {"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]}""");

        assertThat(prefixed.statusCode()).isIn(403, 404);
        assertThat(parse(plain.body()).path("id").asString()).isEqualTo("chatcmpl-globex");
        fakes.server.verify(0, postRequestedFor(urlPathEqualTo("/acme-own/v1/chat/completions")));
        assertThat(jdbc.sql("select count(*) from usage_event where connection = 'acme:openai'").query(Long.class).single()).isZero();
        assertThatThrownBy(() -> RunAs.user(users, "admin@globex.test", () -> {
            own.remove(organization("acme"), "acme:openai");
            return null;
        })).isInstanceOf(dev.tokentally.base.NotFoundException.class);
    }

    @Test
    void a_member_cannot_manage_connections() {
        assertThatThrownBy(() -> RunAs.user(users, "alice@acme.test", () -> own.save(organization("acme"),
                new OrganizationConnections.Change(ProviderKind.OPENAI, null, ACME_OWN_KEY, 10, true))))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(jdbc.sql("select count(*) from organization_connection").query(Long.class).single()).isZero();
    }

    @Test
    void bad_input_names_the_field_and_saves_nothing() {
        assertThatThrownBy(() -> RunAs.user(users, "admin@acme.test", () -> own.save(organization("acme"),
                new OrganizationConnections.Change(ProviderKind.OPENAI, "ftp://nowhere", ACME_OWN_KEY, 10, true))))
                .isInstanceOfSatisfying(FieldRejectedException.class, refused -> assertThat(refused.field()).isEqualTo("baseUrl"));
        assertThatThrownBy(() -> RunAs.user(users, "admin@acme.test", () -> own.save(organization("acme"),
                new OrganizationConnections.Change(ProviderKind.OPENAI, null, "  ", 10, true))))
                .isInstanceOfSatisfying(FieldRejectedException.class, refused -> assertThat(refused.field()).isEqualTo("apiKey"));
        assertThatThrownBy(() -> RunAs.user(users, "admin@acme.test", () -> own.save(organization("acme"),
                new OrganizationConnections.Change(ProviderKind.DEMO, null, null, 10, true))))
                .isInstanceOfSatisfying(FieldRejectedException.class, refused -> assertThat(refused.field()).isEqualTo("kind"));
        assertThat(jdbc.sql("select count(*) from organization_connection").query(Long.class).single()).isZero();
    }

    @Test
    void the_chat_calls_a_model_through_the_organizations_own_connection() {
        acmeConnects(true);

        assertThat(modelAccess.usable(organization("acme"), gpt4o).orElseThrow().connection()).isEqualTo("acme:openai");
        assertThat(modelAccess.usable(organization("globex"), gpt4o).orElseThrow().connection()).isEqualTo("openai");
    }
}
