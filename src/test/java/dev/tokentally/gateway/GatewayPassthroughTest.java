package dev.tokentally.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.tokentally.models.ProviderConnectionChange;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Calls through the gateway reach the provider as sent, come back unchanged, and are billed once in the ledger. */
@TokentallyTest
class GatewayPassthroughTest extends GatewayTestSupport {

    @Test
    void openai_call_reaches_the_provider_as_sent_with_the_platform_key_and_is_billed_as_the_header_says() throws Exception {
        String answer = GatewayFakes.openAiCompletion("chatcmpl-plain-1", GatewayFakes.OPENAI_USAGE);
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(answer)));
        String request = """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}],"temperature":0.2,
                 "seed":7,"some_future_field":{"kept":true},"user":"customer-17"}""";

        HttpResponse<String> response = post("/v1/chat/completions", Map.of("Authorization", "Bearer " + acmeKey,
                "x-tokentally-session", "ticket-42", "x-tokentally-metadata", "{\"app\":\"helpdesk\"}"), request);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(answer);
        fakes.server.verify(postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + GatewayFakes.OPENAI_KEY))
                .withRequestBody(equalTo(request)));
        Map<String, Object> event = event("chatcmpl-plain-1");
        assertThat(event).containsEntry("source", "GATEWAY").containsEntry("provider", "openai")
                .containsEntry("model", "gpt-4o-mini").containsEntry("input_tokens", 1200L)
                .containsEntry("cached_input_tokens", 1024L).containsEntry("output_tokens", 350L)
                .containsEntry("reasoning_tokens", 128L).containsEntry("estimated", false)
                .containsEntry("external_user", "customer-17").containsEntry("session_ref", "ticket-42")
                .containsEntry("api_key_id", acmeKeyId());
        assertThat(parse((String) event.get("metadata")).path("app").asString()).isEqualTo("helpdesk");
        assertThat(new BigDecimal(response.headers().firstValue("x-tokentally-cost").orElseThrow()))
                .isEqualByComparingTo((BigDecimal) event.get("billed_cost")).isPositive();
        assertThat(response.headers().firstValue("x-tokentally-currency")).contains((String) event.get("billed_currency"));
        assertThat(response.headers().firstValue("x-tokentally-event-id")).contains((String) event.get("id"));
        assertThat(response.headers().firstValue("x-request-id")).contains("req_42");
    }

    @Test
    void streamed_openai_call_asks_for_usage_hides_the_usage_chunk_and_records_the_usage() throws Exception {
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.sse(GatewayFakes.openAiStream("chatcmpl-stream-1",
                "Hel", "lo"))));

        HttpResponse<String> response = chat("""
                {"model":"openai/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Say hello"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
        assertThat(response.body()).contains("\"content\":\"Hel\"", "\"content\":\"lo\"", "data: [DONE]")
                .doesNotContain("\"prompt_tokens\"");
        fakes.server.verify(postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions")).withRequestBody(equalToJson("""
                {"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Say hello"}],
                 "stream_options":{"include_usage":true}}""")));
        assertThat(event("chatcmpl-stream-1")).containsEntry("input_tokens", 1200L).containsEntry("cached_input_tokens", 1024L)
                .containsEntry("output_tokens", 350L).containsEntry("reasoning_tokens", 128L).containsEntry("estimated", false);
    }

    @Test
    void streamed_openai_call_that_asked_for_usage_gets_the_usage_chunk() throws Exception {
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.sse(GatewayFakes.openAiStream("chatcmpl-stream-2",
                "Hi"))));

        HttpResponse<String> response = chat("""
                {"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"Say hi"}]}""");

        assertThat(response.body()).contains("\"prompt_tokens\":1200");
        assertThat(gatewayEvents()).isEqualTo(1);
    }

    @Test
    void anthropic_call_with_x_api_key_records_cache_reads_and_both_cache_writes() throws Exception {
        String answer = GatewayFakes.anthropicMessage("msg_01plain");
        fakes.server.stubFor(GatewayFakes.anthropic().willReturn(GatewayFakes.json(answer)));

        HttpResponse<String> response = messages("""
                {"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":"Hello"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(answer);
        fakes.server.verify(postRequestedFor(urlPathEqualTo("/anthropic/v1/messages"))
                .withHeader("x-api-key", equalTo(GatewayFakes.ANTHROPIC_KEY))
                .withHeader("anthropic-version", equalTo("2023-06-01"))
                .withHeader("Authorization", absent()));
        assertThat(event("msg_01plain")).containsEntry("provider", "anthropic").containsEntry("input_tokens", 3L)
                .containsEntry("cached_input_tokens", 2048L).containsEntry("cache_write_5m_tokens", 12000L)
                .containsEntry("cache_write_1h_tokens", 304L).containsEntry("output_tokens", 550L);
        assertThat(response.headers().firstValue("x-tokentally-cost")).isPresent();
    }

    @Test
    void streamed_anthropic_call_is_passed_through_and_records_message_start_and_delta_usage() throws Exception {
        String stream = GatewayFakes.anthropicStream("msg_01stream", "Hel", "lo");
        fakes.server.stubFor(GatewayFakes.anthropic().willReturn(GatewayFakes.sse(stream)));

        HttpResponse<String> response = messages("""
                {"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":"Hello"}]}""");

        assertThat(response.body()).isEqualTo(stream);
        assertThat(event("msg_01stream")).containsEntry("input_tokens", 3L).containsEntry("cached_input_tokens", 2048L)
                .containsEntry("cache_write_5m_tokens", 12000L).containsEntry("output_tokens", 550L)
                .containsEntry("estimated", false);
    }

    @Test
    void provider_errors_pass_through_with_their_status_and_body_and_cost_nothing() throws Exception {
        String error = """
                {"error":{"message":"Invalid 'messages[0].role': 'wizard'.","type":"invalid_request_error","param":"messages[0].role","code":null}}""";
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(WireMock.aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(error)));

        HttpResponse<String> response = chat("""
                {"model":"gpt-4o-mini","messages":[{"role":"wizard","content":"Hi"}]}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(error);
        assertThat(response.headers().firstValue("x-tokentally-cost")).isEmpty();
        assertThat(gatewayEvents()).isZero();
    }

    @Test
    void provider_overload_is_tried_again_before_the_first_byte_then_passed_through() throws Exception {
        String overloaded = """
                {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""";
        fakes.server.stubFor(GatewayFakes.anthropic().willReturn(WireMock.aResponse().withStatus(529)
                .withHeader("Content-Type", "application/json").withBody(overloaded)));

        HttpResponse<String> response = messages("""
                {"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":"Hello"}]}""");

        assertThat(response.statusCode()).isEqualTo(529);
        assertThat(response.body()).isEqualTo(overloaded);
        fakes.server.verify(3, postRequestedFor(urlPathEqualTo("/anthropic/v1/messages")));
        assertThat(gatewayEvents()).isZero();
    }

    @Test
    void unknown_revoked_and_expired_keys_are_refused_in_the_providers_error_shape() throws Exception {
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        HttpResponse<String> unknown = post("/v1/chat/completions", Map.of("Authorization", "Bearer tt_nonsense"), body);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(parse(unknown.body()).path("error").path("code").asString()).isEqualTo("invalid_api_key");

        String expired = fixtures.expiredApiKey("acme");
        HttpResponse<String> anthropic = post("/v1/messages", Map.of("x-api-key", expired), body);
        assertThat(anthropic.statusCode()).isEqualTo(401);
        JsonNode error = parse(anthropic.body());
        assertThat(error.path("type").asString()).isEqualTo("error");
        assertThat(error.path("error").path("type").asString()).isEqualTo("authentication_error");

        fixtures.revokeApiKeys("acme");
        assertThat(chat(body).statusCode()).isEqualTo(401);
        assertThat(post("/v1/models", Map.of(), "").statusCode()).isIn(401, 405);
        assertThat(fakes.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void unknown_model_is_404_and_a_model_the_organization_does_not_allow_is_403() throws Exception {
        HttpResponse<String> unknown = chat("{\"model\":\"gpt-17-ultra\",\"messages\":[]}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(parse(unknown.body()).path("error").path("code").asString()).isEqualTo("model_not_found");

        HttpResponse<String> notAllowed = chat("{\"model\":\"gpt-4.1\",\"messages\":[]}");
        assertThat(notAllowed.statusCode()).isEqualTo(403);
        assertThat(parse(notAllowed.body()).path("error").path("type").asString()).isEqualTo("permission_error");

        HttpResponse<String> anthropicShape = messages("{\"model\":\"claude-opus-4-1\",\"max_tokens\":10,\"messages\":[]}");
        assertThat(anthropicShape.statusCode()).isEqualTo(403);
        assertThat(parse(anthropicShape.body()).path("error").path("type").asString()).isEqualTo("permission_error");
        assertThat(fakes.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void models_lists_what_the_key_may_call_in_openais_list_format() throws Exception {
        HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/v1/models"))
                .header("Authorization", "Bearer " + acmeKey).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode list = parse(response.body());
        assertThat(list.path("object").asString()).isEqualTo("list");
        assertThat(list.path("data").valueStream().map(model -> model.path("id").asString()).toList())
                .contains("demo-mini", "gpt-4o-mini", "claude-sonnet-4-5");
    }

    @Test
    void a_model_whose_provider_is_not_connected_is_answered_so_in_the_callers_format_not_as_forbidden() throws Exception {
        RunAs.user(users, "root@tokentally.test", () -> {
            connections.update(ProviderKind.OPENAI, new ProviderConnectionChange(false, null, null, 10));
            return connections.update(ProviderKind.ANTHROPIC, new ProviderConnectionChange(false, null, null, 10));
        });

        HttpResponse<String> openAi = chat("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        HttpResponse<String> anthropic = messages("""
                {"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":"Hi"}]}""");

        assertThat(openAi.statusCode()).isEqualTo(503);
        JsonNode openAiError = parse(openAi.body()).path("error");
        assertThat(openAiError.path("code").asString()).isEqualTo("provider_not_connected");
        assertThat(openAiError.path("message").asString()).contains("OpenAI is not connected", "TOKENTALLY_PROVIDERS_OPENAI_API_KEY");
        assertThat(anthropic.statusCode()).isEqualTo(503);
        assertThat(parse(anthropic.body()).path("type").asString()).isEqualTo("error");
        assertThat(parse(anthropic.body()).path("error").path("message").asString()).contains("Anthropic is not connected");
        assertThat(fakes.server.getAllServeEvents()).isEmpty();
    }
}
