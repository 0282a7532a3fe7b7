package dev.tokentally.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.budgets.Budget;
import dev.tokentally.gateway.routing.GatewayRoutes;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Routes in the gateway (issue 27): a model name that names a route is served by its targets and fallbacks, tried again
 * before the first byte, each paid attempt recorded once at its own price on what served it, never past a hard budget.
 */
@TokentallyTest
class GatewayRoutingTest extends GatewayTestSupport {

    static final String CALL = """
            {"model":"chat-default","max_tokens":1000,"messages":[{"role":"user","content":"Hello"}]}""";
    static final String CONTENT_FILTERED = """
            {"error":{"message":"The response was filtered due to the prompt triggering the content management policy.",\
            "type":"invalid_request_error","param":"prompt","code":"content_filter","status":400}}""";

    @Autowired
    GatewayRoutes gatewayRoutes;
    @Autowired
    UpstreamCalls upstreamCalls;
    GatewayTimeouts shipped;

    @AfterEach
    void restoreTimeouts() {
        if (shipped != null) {
            upstreamCalls.useTimeouts(shipped);
        }
    }

    void route(String yaml) {
        RunAs.user(users, "admin@acme.test", () -> gatewayRoutes.importYaml(organization("acme"), yaml));
    }

    /** Anthropic's OpenAI-compatible chat completions, answering in OpenAI's shape. */
    static MappingBuilder anthropicChat() {
        return com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/anthropic/v1/chat/completions"));
    }

    static String anthropicCompletion(String id) {
        return """
                {"id":"%s","object":"chat.completion","created":1763856000,"model":"claude-sonnet-4-5",\
                "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from Claude"},"finish_reason":"stop"}],\
                "usage":{"prompt_tokens":20,"completion_tokens":300,"total_tokens":320}}""".formatted(id);
    }

    String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void a_route_spreads_its_calls_over_three_targets_by_weight() throws Exception {
        long gpt4o = prices.model("openai", "gpt-4o").orElseThrow().modelId();
        RunAs.user(users, "admin@acme.test", () -> {
            modelAccess.setAllowed(organization("acme"), gpt4o, true);
            return null;
        });
        route("""
                routes:
                  - name: chat-default
                    strategy: weighted
                    targets:
                      - { model: openai/gpt-4o-mini, weight: 8 }
                      - { model: openai/gpt-4o, weight: 1 }
                      - { model: anthropic/claude-sonnet-4-5, weight: 1 }
                """);
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion(
                "chatcmpl-{{randomValue type='UUID'}}", GatewayFakes.OPENAI_USAGE)).withTransformers("response-template")));
        fakes.server.stubFor(anthropicChat().willReturn(GatewayFakes.json(anthropicCompletion("msg-{{randomValue type='UUID'}}"))
                .withTransformers("response-template")));

        Map<String, Integer> served = new java.util.HashMap<>();
        for (int i = 0; i < 100; i++) {
            HttpResponse<String> response = chat(CALL);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(header(response, "x-tokentally-attempts")).isEqualTo("1");
            served.merge(header(response, "x-tokentally-model"), 1, Integer::sum);
        }

        assertThat(served.keySet()).containsExactlyInAnyOrder("openai/gpt-4o-mini", "openai/gpt-4o", "anthropic/claude-sonnet-4-5");
        assertThat(served.get("openai/gpt-4o-mini")).isGreaterThan(55);
        assertThat(gatewayEvents()).isEqualTo(100);
        assertThat(jdbc.sql("select count(*) from usage_event where provider = 'anthropic' and connection = 'anthropic'")
                .query(Integer.class).single()).isEqualTo(served.get("anthropic/claude-sonnet-4-5"));
    }

    @Test
    void a_call_that_names_a_model_says_which_answered_after_one_attempt() throws Exception {
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-plain",
                GatewayFakes.OPENAI_USAGE))));

        HttpResponse<String> response = chat(CALL.replace("chat-default", "gpt-4o-mini"));

        assertThat(header(response, "x-tokentally-model")).isEqualTo("openai/gpt-4o-mini");
        assertThat(header(response, "x-tokentally-attempts")).isEqualTo("1");
    }

    @Test
    void a_429_with_retry_after_is_tried_again_and_only_the_answer_is_recorded() throws Exception {
        route("""
                routes:
                  - name: chat-default
                    retries: 2
                    targets: [ { model: openai/gpt-4o-mini } ]
                    fallback: [ anthropic/claude-sonnet-4-5 ]
                """);
        fakes.server.stubFor(GatewayFakes.openAi().inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("retry-after-ms", "40").withHeader("Retry-After", "1")
                        .withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}"))
                .willSetStateTo("after"));
        fakes.server.stubFor(GatewayFakes.openAi().inScenario("limited").whenScenarioStateIs("after")
                .willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-after-429", GatewayFakes.OPENAI_USAGE))));

        HttpResponse<String> response = chat(CALL);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "x-tokentally-attempts")).isEqualTo("2");
        assertThat(header(response, "x-tokentally-model")).isEqualTo("openai/gpt-4o-mini");
        assertThat(gatewayEvents()).isEqualTo(1);
        assertThat(event("chatcmpl-after-429")).containsEntry("provider", "openai").containsEntry("estimated", false);
        fakes.server.verify(2, postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions")));
        fakes.server.verify(0, postRequestedFor(urlPathEqualTo("/anthropic/v1/chat/completions")));
    }

    @Test
    void a_500_falls_back_to_anthropic_which_is_recorded_at_anthropics_price() throws Exception {
        route("""
                routes:
                  - name: chat-default
                    retries: 0
                    targets: [ { model: openai/gpt-4o-mini } ]
                    fallback: [ anthropic/claude-sonnet-4-5 ]
                """);
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}")));
        fakes.server.stubFor(anthropicChat().willReturn(GatewayFakes.json(anthropicCompletion("{{jsonPath request.body '$.user'}}"))
                .withTransformers("response-template")));

        HttpResponse<String> routed = chat(CALL.replace("\"max_tokens\"", "\"user\":\"msg-routed\",\"max_tokens\""));
        HttpResponse<String> direct = chat(CALL.replace("chat-default", "anthropic/claude-sonnet-4-5")
                .replace("\"max_tokens\"", "\"user\":\"msg-direct\",\"max_tokens\""));

        assertThat(routed.statusCode()).isEqualTo(200);
        assertThat(parse(routed.body()).path("choices").path(0).path("message").path("content").asString()).isEqualTo("Hello from Claude");
        assertThat(header(routed, "x-tokentally-model")).isEqualTo("anthropic/claude-sonnet-4-5");
        assertThat(header(routed, "x-tokentally-attempts")).isEqualTo("2");
        assertThat(gatewayEvents()).isEqualTo(2);
        Map<String, Object> event = event("msg-routed");
        assertThat(event).containsEntry("provider", "anthropic").containsEntry("model", "claude-sonnet-4-5")
                .containsEntry("connection", "anthropic").containsEntry("estimated", false);
        assertThat((BigDecimal) event.get("billed_cost")).isPositive().isEqualByComparingTo((BigDecimal) event("msg-direct").get("billed_cost"));
        assertThat(header(routed, "x-tokentally-cost")).isEqualTo(header(direct, "x-tokentally-cost"));
    }

    @Test
    void the_openai_sdk_streams_a_routed_answer_from_the_fallback_and_sees_which_model_answered() throws Exception {
        route("""
                routes:
                  - name: chat-default
                    retries: 0
                    targets: [ { model: openai/gpt-4o-mini } ]
                    fallback: [ anthropic/claude-sonnet-4-5 ]
                """);
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}")));
        fakes.server.stubFor(anthropicChat().willReturn(GatewayFakes.sse(GatewayFakes.openAiStream("chatcmpl-sdk-claude", "Hello", " from",
                " Claude").replace("gpt-4o-mini-2024-07-18", "claude-sonnet-4-5"))));
        StringBuilder text = new StringBuilder();
        com.openai.client.OpenAIClient client = com.openai.client.okhttp.OpenAIOkHttpClient.builder().apiKey(acmeKey)
                .baseUrl(baseUrl() + "/v1").maxRetries(0).build();

        var response = client.chat().completions().withRawResponse().createStreaming(
                com.openai.models.chat.completions.ChatCompletionCreateParams.builder().model("chat-default").addUserMessage("Hello").build());
        try (var stream = response.parse()) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
        }

        assertThat(text.toString()).isEqualTo("Hello from Claude");
        assertThat(response.headers().values("x-tokentally-model")).containsExactly("anthropic/claude-sonnet-4-5");
        assertThat(response.headers().values("x-tokentally-attempts")).containsExactly("2");
        assertThat(event("chatcmpl-sdk-claude")).containsEntry("provider", "anthropic").containsEntry("model", "claude-sonnet-4-5")
                .containsEntry("connection", "anthropic").containsEntry("estimated", false);
        assertThat(gatewayEvents()).isEqualTo(1);
    }

    @Test
    void a_hanging_provider_is_recorded_as_unanswered_at_its_worst_case_and_the_fallback_answers() throws Exception {
        shipped = upstreamCalls.useTimeouts(new GatewayTimeouts(Duration.ofMillis(400), Duration.ofSeconds(5), Duration.ofSeconds(10)));
        route("""
                routes:
                  - name: chat-default
                    retries: 0
                    targets: [ { model: openai/gpt-4o-mini } ]
                    fallback: [ anthropic/claude-sonnet-4-5 ]
                """);
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-late",
                GatewayFakes.OPENAI_USAGE)).withFixedDelay(3_000)));
        fakes.server.stubFor(anthropicChat().willReturn(GatewayFakes.json(anthropicCompletion("msg-after-hang"))));

        HttpResponse<String> response = chat(CALL);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "x-tokentally-model")).isEqualTo("anthropic/claude-sonnet-4-5");
        assertThat(header(response, "x-tokentally-attempts")).isEqualTo("2");
        assertThat(gatewayEvents()).isEqualTo(2);
        assertThat(event("msg-after-hang")).containsEntry("provider", "anthropic").containsEntry("estimated", false);
        Map<String, Object> unanswered = jdbc.sql("""
                        select provider, model, connection, output_tokens, estimated from usage_event
                        where source = 'GATEWAY' and provider = 'openai'""").query().singleRow();
        assertThat(unanswered).containsEntry("model", "gpt-4o-mini").containsEntry("connection", "openai")
                .containsEntry("output_tokens", 1000L).containsEntry("estimated", true);
        assertThat(jdbc.sql("select count(*) from budget_reservation").query(Integer.class).single()).isZero();
    }

    @Test
    void a_content_filter_refusal_is_not_tried_on_another_provider_unless_the_route_says_so() throws Exception {
        route("""
                routes:
                  - name: chat-default
                    retries: 2
                    targets: [ { model: openai/gpt-4o-mini } ]
                    fallback: [ anthropic/claude-sonnet-4-5 ]
                  - name: chat-lenient
                    targets: [ { model: openai/gpt-4o-mini } ]
                    fallback: [ anthropic/claude-sonnet-4-5 ]
                    content_policy_fallback: true
                """);
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(CONTENT_FILTERED)));
        fakes.server.stubFor(anthropicChat().willReturn(GatewayFakes.json(anthropicCompletion("msg-lenient"))));

        HttpResponse<String> refused = chat(CALL);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(parse(refused.body()).path("error").path("code").asString()).isEqualTo("content_filter");
        assertThat(header(refused, "x-tokentally-attempts")).isEqualTo("1");
        fakes.server.verify(1, postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions")));
        fakes.server.verify(0, postRequestedFor(urlPathEqualTo("/anthropic/v1/chat/completions")));
        assertThat(gatewayEvents()).isZero();

        HttpResponse<String> lenient = chat(CALL.replace("chat-default", "chat-lenient"));

        assertThat(lenient.statusCode()).isEqualTo(200);
        assertThat(header(lenient, "x-tokentally-model")).isEqualTo("anthropic/claude-sonnet-4-5");
        assertThat(gatewayEvents()).isEqualTo(1);
    }

    @Test
    void a_target_that_keeps_failing_cools_down_and_is_skipped() throws Exception {
        route("""
                routes:
                  - name: chat-default
                    retries: 5
                    targets: [ { model: openai/gpt-4o-mini } ]
                    fallback: [ anthropic/claude-sonnet-4-5 ]
                """);
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}")));
        fakes.server.stubFor(anthropicChat().willReturn(GatewayFakes.json(anthropicCompletion("msg-{{randomValue type='UUID'}}"))
                .withTransformers("response-template")));

        HttpResponse<String> first = chat(CALL);
        HttpResponse<String> second = chat(CALL);

        // Five consecutive failures open the circuit (tokentally.chat.circuit-failures): the sixth retry is not made.
        assertThat(header(first, "x-tokentally-attempts")).isEqualTo("6");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(header(second, "x-tokentally-model")).isEqualTo("anthropic/claude-sonnet-4-5");
        assertThat(header(second, "x-tokentally-attempts")).isEqualTo("1");
        fakes.server.verify(5, postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions")));
    }

    @Test
    void the_keys_allow_list_applies_to_each_target_and_a_target_it_may_not_call_is_left_out() throws Exception {
        settle(new ApiKeySettings(null, List.of("gpt-4o-mini"), null, null, null, null));
        route("""
                routes:
                  - name: chat-default
                    targets: [ { model: anthropic/claude-sonnet-4-5 } ]
                    fallback: [ openai/gpt-4o-mini ]
                  - name: chat-claude
                    targets: [ { model: anthropic/claude-sonnet-4-5 } ]
                """);
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-allowed",
                GatewayFakes.OPENAI_USAGE))));

        HttpResponse<String> allowed = chat(CALL);
        HttpResponse<String> refused = chat(CALL.replace("chat-default", "chat-claude"));

        assertThat(header(allowed, "x-tokentally-model")).isEqualTo("openai/gpt-4o-mini");
        assertThat(refused.statusCode()).isEqualTo(403);
        fakes.server.verify(0, postRequestedFor(urlPathEqualTo("/anthropic/v1/chat/completions")));
    }

    @Test
    void fifty_concurrent_calls_falling_back_never_spend_past_a_hard_budget() throws Exception {
        route("""
                routes:
                  - name: chat-default
                    retries: 0
                    targets: [ { model: openai/gpt-4o-mini } ]
                    fallback: [ anthropic/claude-sonnet-4-5 ]
                """);
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}")));
        fakes.server.stubFor(anthropicChat().willReturn(GatewayFakes.json("""
                {"id":"msg-{{randomValue type='UUID'}}","object":"chat.completion","created":1763856000,"model":"claude-sonnet-4-5",\
                "choices":[{"index":0,"message":{"role":"assistant","content":"A long story"},"finish_reason":"stop"}],\
                "usage":{"prompt_tokens":1,"completion_tokens":1000,"total_tokens":1001}}""").withTransformers("response-template")));
        HttpResponse<String> first = chat(CALL);
        BigDecimal costOfOne = new BigDecimal(header(first, "x-tokentally-cost"));
        Budget budget = hardBudgetWithRoomFor(10, costOfOne);

        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 50).mapToObj(i -> http.sendAsync(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                        .header("Authorization", "Bearer " + acmeKey).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(CALL)).build(), HttpResponse.BodyHandlers.ofString())).toList();
        List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();

        long answered = responses.stream().filter(response -> response.statusCode() == 200).count();
        assertThat(answered).isBetween(1L, 10L);
        assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).isIn(200, 429));
        assertThat(spentOf(budget)).isLessThanOrEqualTo(budget.getAmount());
        assertThat(gatewayEvents()).isEqualTo(answered + 1);
        assertThat(jdbc.sql("select count(*) from usage_event where source = 'GATEWAY' and provider <> 'anthropic'")
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from budget_reservation").query(Integer.class).single()).isZero();
    }
}
