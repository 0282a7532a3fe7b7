package dev.tokentally.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;
import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;

/**
 * OpenAI's Responses API through the gateway, with the official OpenAI Java SDK as the client: answered, metered with
 * its cached and reasoning tokens, held to budgets and the key's limits like chat completions, refused for models
 * whose provider does not speak it.
 */
@TokentallyTest
class GatewayResponsesTest extends GatewayTestSupport {

    /**
     * o4-mini at the catalog's price (USD per million: input 1.10, cached input 0.275, output 4.40; reasoning is
     * priced as output) for {@link GatewayFakes#RESPONSES_USAGE}, where OpenAI counts the cached tokens inside the
     * input and the reasoning inside the output: 176 × 1.10 + 1024 × 0.275 + 222 × 4.40 + 128 × 4.40 = 2015.2 per
     * million.
     */
    static final BigDecimal RESPONSES_USAGE_COST = new BigDecimal("0.0020152");

    OpenAIClient openAi() {
        return OpenAIOkHttpClient.builder().apiKey(acmeKey).baseUrl(baseUrl() + "/v1").maxRetries(0).build();
    }

    /** Lets Acme call OpenAI's reasoning model o4-mini, as its admin does. */
    void acmeMayCallO4Mini() {
        long id = prices.model("openai", "o4-mini").orElseThrow().modelId();
        RunAs.user(users, "admin@acme.test", () -> {
            modelAccess.setAllowed(organization("acme"), id, true);
            return null;
        });
    }

    static ResponseCreateParams.Builder ask(String model) {
        return ResponseCreateParams.builder().model(model).input("Why is the sky blue?").maxOutputTokens(2000L);
    }

    @Test
    void openai_sdk_gets_a_responses_answer_billed_with_its_cached_and_reasoning_tokens() {
        acmeMayCallO4Mini();
        fakes.server.stubFor(GatewayFakes.openAiResponses().willReturn(GatewayFakes.json(GatewayFakes.response(
                "resp_plain_1", "completed", "Rayleigh scattering.", GatewayFakes.RESPONSES_USAGE))));

        HttpResponseFor<Response> answer = openAi().responses().withRawResponse().create(ask("o4-mini")
                .previousResponseId("resp_previous_1").store(false).build());

        Response response = answer.parse();
        assertThat(response.output()).anySatisfy(item -> assertThat(item.message()).hasValueSatisfying(message ->
                assertThat(message.content().getFirst().outputText().orElseThrow().text()).isEqualTo("Rayleigh scattering.")));
        ResponseUsage usage = response.usage().orElseThrow();
        assertThat(usage.inputTokensDetails().cachedTokens()).isEqualTo(1024);
        assertThat(usage.outputTokensDetails().reasoningTokens()).isEqualTo(128);
        // The conversation's thread and the storage choice reach OpenAI untouched, and no chat-only field is added.
        fakes.server.verify(postRequestedFor(urlPathEqualTo("/openai/v1/responses"))
                .withHeader("Authorization", equalTo("Bearer " + GatewayFakes.OPENAI_KEY))
                .withRequestBody(matchingJsonPath("$.previous_response_id", equalTo("resp_previous_1")))
                .withRequestBody(matchingJsonPath("$.store", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.stream_options", absent())));
        Map<String, Object> event = event("resp_plain_1");
        assertThat(event).containsEntry("source", "GATEWAY").containsEntry("provider", "openai").containsEntry("model", "o4-mini")
                .containsEntry("input_tokens", 1200L).containsEntry("cached_input_tokens", 1024L)
                .containsEntry("output_tokens", 350L).containsEntry("reasoning_tokens", 128L).containsEntry("estimated", false)
                .containsEntry("wire_format", "responses").containsEntry("connection", "openai");
        assertThat((BigDecimal) event.get("raw_cost_usd")).isEqualByComparingTo(RESPONSES_USAGE_COST);
        assertThat(new BigDecimal(answer.headers().values("x-tokentally-cost").getFirst()))
                .isEqualByComparingTo((BigDecimal) event.get("billed_cost"));
    }

    @Test
    void openai_sdk_streams_a_responses_answer_and_the_call_is_billed_from_response_completed() {
        acmeMayCallO4Mini();
        fakes.server.stubFor(GatewayFakes.openAiResponses().willReturn(GatewayFakes.sse(GatewayFakes.responseStream(
                "resp_stream_1", "Rayleigh", " scattering", "."))));
        StringBuilder text = new StringBuilder();
        long[] reasoning = {-1};

        try (StreamResponse<ResponseStreamEvent> stream = openAi().responses().createStreaming(ask("o4-mini").build())) {
            stream.stream().forEach(event -> {
                event.outputTextDelta().ifPresent(delta -> text.append(delta.delta()));
                event.completed().flatMap(completed -> completed.response().usage())
                        .ifPresent(usage -> reasoning[0] = usage.outputTokensDetails().reasoningTokens());
            });
        }

        assertThat(text.toString()).isEqualTo("Rayleigh scattering.");
        assertThat(reasoning[0]).isEqualTo(128);
        fakes.server.verify(postRequestedFor(urlPathEqualTo("/openai/v1/responses"))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.stream_options", absent())));
        Map<String, Object> event = event("resp_stream_1");
        assertThat(event).containsEntry("input_tokens", 1200L).containsEntry("cached_input_tokens", 1024L)
                .containsEntry("output_tokens", 350L).containsEntry("reasoning_tokens", 128L).containsEntry("estimated", false)
                .containsEntry("wire_format", "responses");
        assertThat((BigDecimal) event.get("raw_cost_usd")).isEqualByComparingTo(RESPONSES_USAGE_COST);
    }

    @Test
    void a_responses_stream_cut_off_before_response_completed_is_recorded_as_counted_and_flagged_estimated() throws Exception {
        String full = GatewayFakes.responseStream("resp_cut_1", "Half", " an", " answer");
        fakes.server.stubFor(GatewayFakes.openAiResponses().willReturn(GatewayFakes.sse(
                full.substring(0, full.indexOf("event: response.output_text.done")))));

        HttpResponse<String> response = responses("""
                {"model":"gpt-4o-mini","input":"Tell me","stream":true}""");

        assertThat(response.body()).contains("\"delta\":\"Half\"").doesNotContain("response.completed");
        Map<String, Object> event = event("resp_cut_1");
        assertThat(event).containsEntry("estimated", true).containsEntry("output_tokens", 3L)
                .containsEntry("wire_format", "responses");
        assertThat((Long) event.get("input_tokens")).isPositive();
        assertThat((BigDecimal) event.get("billed_cost")).isPositive();
    }

    @Test
    void the_offline_demo_model_answers_the_responses_api_plain_and_streamed_and_both_are_billed() {
        Response plain = openAi().responses().create(ask("demo-mini").instructions("Answer briefly.").build());

        String answered = plain.output().getFirst().message().orElseThrow().content().getFirst().outputText().orElseThrow().text();
        assertThat(answered).contains("Why is the sky blue?");
        long output = plain.usage().orElseThrow().outputTokens();
        assertThat(event(plain.id())).containsEntry("provider", "demo").containsEntry("output_tokens", output)
                .containsEntry("estimated", false).containsEntry("wire_format", "responses").containsEntry("connection", "demo");

        StringBuilder text = new StringBuilder();
        String[] id = {null};
        try (StreamResponse<ResponseStreamEvent> stream = openAi().responses().createStreaming(ask("demo-mini").build())) {
            stream.stream().forEach(event -> {
                event.created().ifPresent(created -> id[0] = created.response().id());
                event.outputTextDelta().ifPresent(delta -> text.append(delta.delta()));
            });
        }
        assertThat(text.toString()).contains("Why is the sky blue?");
        assertThat(event(id[0])).containsEntry("provider", "demo").containsEntry("estimated", false)
                .containsEntry("wire_format", "responses");
    }

    @Test
    void a_responses_call_is_reserved_at_its_max_output_tokens_and_refused_past_a_hard_budget_with_nothing_recorded()
            throws Exception {
        acmeMayCallO4Mini();
        fakes.server.stubFor(GatewayFakes.openAiResponses().willReturn(GatewayFakes.json(GatewayFakes.response(
                "resp_{{randomValue type='UUID'}}", "completed", "Once upon a time", """
                        {"input_tokens":1,"input_tokens_details":{"cached_tokens":0},"output_tokens":1000,\
                        "output_tokens_details":{"reasoning_tokens":0},"total_tokens":1001}""")).withTransformers("response-template")));
        String call = """
                {"model":"o4-mini","input":"Write a long story","max_output_tokens":%d}""";
        HttpResponse<String> first = responses(call.formatted(1000));
        hardBudgetWithRoomFor(1, new BigDecimal(first.headers().firstValue("x-tokentally-cost").orElseThrow()));

        HttpResponse<String> tooLong = responses(call.formatted(4000));

        assertThat(tooLong.statusCode()).isEqualTo(429);
        var error = parse(tooLong.body()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("budget_exceeded");
        assertThat(error.path("message").asString()).contains("Acme monthly");
        assertThat(fakes.server.getAllServeEvents()).hasSize(1);
        assertThat(gatewayEvents()).isEqualTo(1);
        // Reserved at its own limit, not at the model's longest answer (100,000 tokens for o4-mini), it fits.
        assertThat(responses(call.formatted(1000)).statusCode()).isEqualTo(200);
    }

    @Test
    void a_responses_body_over_the_limit_is_refused_with_413_before_it_is_read() throws Exception {
        String response = rawExchange("POST /v1/responses HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + acmeKey + "\r\nContent-Type: application/json\r\nContent-Length: " + (21 * 1024 * 1024) + "\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 413").contains("at most 20 MB");
        assertThat(fakes.server.getAllServeEvents()).isEmpty();
        assertThat(gatewayEvents()).isZero();
    }

    @Test
    void a_model_whose_provider_does_not_speak_the_responses_api_is_400_pointing_to_chat_completions() throws Exception {
        HttpResponse<String> response = responses("""
                {"model":"claude-sonnet-4-5","input":"Hello"}""");

        assertThat(response.statusCode()).isEqualTo(400);
        var error = parse(response.body()).path("error");
        assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asString()).contains("'claude-sonnet-4-5'", "Responses API", "/v1/chat/completions");
        assertThatThrownBy(() -> openAi().responses().create(ask("anthropic/claude-sonnet-4-5").build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("/v1/chat/completions");
        assertThat(fakes.server.getAllServeEvents()).isEmpty();
        assertThat(gatewayEvents()).isZero();
    }

    @Test
    void a_background_response_whose_usage_would_never_pass_the_gateway_is_refused() throws Exception {
        HttpResponse<String> response = responses("""
                {"model":"gpt-4o-mini","input":"Write a long story","background":true}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(parse(response.body()).path("error").path("message").asString()).contains("'background'");
        assertThat(fakes.server.getAllServeEvents()).isEmpty();
        assertThat(gatewayEvents()).isZero();
    }

    @Test
    void the_keys_scopes_and_models_hold_for_the_responses_api_as_for_chat_completions() throws Exception {
        settle(new ApiKeySettings(null, List.of("demo-mini"), null, null, null, null));

        HttpResponse<String> otherModel = responses("""
                {"model":"gpt-4o-mini","input":"Hello"}""");

        assertThat(otherModel.statusCode()).isEqualTo(403);
        assertThat(parse(otherModel.body()).path("error").path("message").asString()).contains("This API key may not call");
        settle(new ApiKeySettings(Set.of(ApiKeySettings.INGEST), List.of(), null, null, null, null));
        assertThat(responses("""
                {"model":"demo-mini","input":"Hello"}""").statusCode()).isEqualTo(401);
        assertThat(fakes.server.getAllServeEvents()).isEmpty();
        assertThat(gatewayEvents()).isZero();
    }

    HttpResponse<String> responses(String body) throws Exception {
        return post("/v1/responses", Map.of("Authorization", "Bearer " + acmeKey), body);
    }
}
