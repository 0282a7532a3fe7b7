package dev.tokentally.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A key's settings bind what it may do through the gateway; its secret goes nowhere. */
@TokentallyTest
@ExtendWith(OutputCaptureExtension.class)
class GatewayKeySettingsTest extends GatewayTestSupport {

    static final String DEMO_CALL = "{\"model\":\"demo-mini\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    long userId(String email) {
        return fixtures.user(email);
    }

    @Test
    void a_key_limited_to_some_models_may_call_only_those_and_lists_only_those() throws Exception {
        settle(new ApiKeySettings(null, List.of("demo-mini"), null, null, null, null));

        assertThat(chat(DEMO_CALL).statusCode()).isEqualTo(200);
        HttpResponse<String> other = chat("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(parse(other.body()).path("error").path("message").asString()).contains("This API key may not call");
        HttpResponse<String> models = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/v1/models"))
                .header("Authorization", "Bearer " + acmeKey).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(parse(models.body()).path("data").valueStream().map(model -> model.path("id").asString()).toList())
                .containsExactly("demo-mini");
    }

    @Test
    void scopes_keep_an_ingest_key_out_of_the_gateway_and_a_gateway_key_out_of_the_ingest_api() throws Exception {
        settle(new ApiKeySettings(Set.of(ApiKeySettings.INGEST), null, null, null, null, null));
        assertThat(chat(DEMO_CALL).statusCode()).isEqualTo(401);

        settle(new ApiKeySettings(Set.of(ApiKeySettings.GATEWAY), null, null, null, null, null));
        assertThat(chat(DEMO_CALL).statusCode()).isEqualTo(200);
        HttpResponse<String> ingest = post("/api/v1/usage", Map.of("Authorization", "Bearer " + acmeKey), "{}");
        assertThat(ingest.statusCode()).isEqualTo(401);
    }

    @Test
    void calls_are_attributed_to_the_keys_member_and_agent() throws Exception {
        settle(new ApiKeySettings(null, null, userId("alice@acme.test"), "Support writer", null, null));

        HttpResponse<String> response = chat(DEMO_CALL);

        String id = parse(response.body()).path("id").asString();
        assertThat(event(id)).containsEntry("user_id", userId("alice@acme.test")).containsEntry("agent", "Support writer");
    }

    @Test
    void a_member_of_another_organization_cannot_be_bound_to_the_key() {
        long globexAdmin = userId("admin@globex.test");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> settle(
                        new ApiKeySettings(null, null, globexAdmin, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requests_per_minute_are_held_with_429_retry_after_and_openais_rate_limit_headers() throws Exception {
        settle(new ApiKeySettings(null, null, null, null, 2, null));

        HttpResponse<String> first = chat(DEMO_CALL);
        chat(DEMO_CALL);
        HttpResponse<String> third = chat(DEMO_CALL);

        assertThat(first.headers().firstValue("x-ratelimit-limit-requests")).contains("2");
        assertThat(first.headers().firstValue("x-ratelimit-remaining-requests")).contains("1");
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Retry-After")).isPresent();
        assertThat(third.headers().firstValue("x-ratelimit-remaining-requests")).contains("0");
        assertThat(parse(third.body()).path("error").path("code").asString()).isEqualTo("rate_limit_exceeded");
        assertThat(gatewayEvents()).isEqualTo(2);
    }

    @Test
    void tokens_per_minute_count_the_prompt_and_the_output_limit() throws Exception {
        settle(new ApiKeySettings(null, null, null, null, null, 100));

        assertThat(chat(DEMO_CALL).statusCode()).isEqualTo(200);
        HttpResponse<String> second = chat(DEMO_CALL);
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("x-ratelimit-limit-tokens")).contains("100");
    }

    @Test
    void the_organizations_key_never_reaches_the_provider_or_a_log(CapturedOutput output) throws Exception {
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.sse(GatewayFakes.openAiStream("chatcmpl-secret-1", "Hi"))));
        fakes.server.stubFor(GatewayFakes.anthropic().willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                .withStatus(401).withBody("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}")));

        chat("{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        messages("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        post("/v1/chat/completions", Map.of("Authorization", "Bearer " + acmeKey + "x"), DEMO_CALL);

        assertThat(fakes.server.getAllServeEvents()).hasSize(2).allSatisfy(served -> {
            assertThat(served.getRequest().getHeaders().all().toString()).doesNotContain(acmeKey);
            assertThat(served.getRequest().getBodyAsString()).doesNotContain(acmeKey);
        });
        fakes.server.verify(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(GatewayFakes.openAi().build()
                .getRequest().getUrlMatcher()).withHeader("Authorization", containing(GatewayFakes.OPENAI_KEY)));
        fakes.server.verify(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(GatewayFakes.anthropic().build()
                .getRequest().getUrlMatcher()).withHeader("x-api-key", matching(GatewayFakes.ANTHROPIC_KEY)));
        assertThat(output.getAll()).doesNotContain(acmeKey).doesNotContain(GatewayFakes.OPENAI_KEY)
                .doesNotContain(GatewayFakes.ANTHROPIC_KEY);
    }
}
