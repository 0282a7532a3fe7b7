package dev.tokentally.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.models.ProviderConnectionChange;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;

/**
 * What an organization's API key holder tries in order to call models unbilled, unrecorded, past a hard budget or
 * beyond the key's models (issue #23): each attempt, as an attacker sends it over HTTP, and what the ledger keeps.
 */
@TokentallyTest
class HostileKeyHolderTest extends GatewayTestSupport {

    @Test
    void a_report_sent_ahead_under_a_streams_response_id_neither_frees_the_call_nor_takes_its_place() throws Exception {
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.sse(GatewayFakes.openAiStream("chatcmpl-ahead-1",
                "Hel", "lo"))));
        // The id the stream's first chunk shows, reported first with no tokens: it is the client's own key, not the call's.
        HttpResponse<String> ahead = report("chatcmpl-ahead-1");
        assertThat(ahead.statusCode()).isEqualTo(201);

        HttpResponse<String> streamed = chat("""
                {"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Say hello"}]}""");

        assertThat(streamed.statusCode()).isEqualTo(200);
        Map<String, Object> recorded = event("gw:chatcmpl-ahead-1");
        assertThat(recorded).containsEntry("source", "GATEWAY").containsEntry("input_tokens", 1200L)
                .containsEntry("output_tokens", 350L);
        assertThat((BigDecimal) recorded.get("billed_cost")).isPositive();
        // And the gateway's key space is closed to reports.
        HttpResponse<String> intoGatewayKeys = report("gw:chatcmpl-ahead-2");
        assertThat(intoGatewayKeys.statusCode()).isEqualTo(422);
        assertThat(intoGatewayKeys.body()).contains("idempotency_key", "gateway");
        assertThat(report("  gw:chatcmpl-ahead-3").statusCode()).isEqualTo(422);
    }

    @Test
    void a_call_with_a_3200_character_user_is_answered_with_its_cost_and_recorded() throws Exception {
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion(
                "chatcmpl-long-user", GatewayFakes.OPENAI_USAGE))));
        byte[] random = new byte[1600];
        new SecureRandom().nextBytes(random);
        String user = HexFormat.of().formatHex(random);

        HttpResponse<String> response = chat("""
                {"model":"gpt-4o-mini","user":"%s","messages":[{"role":"user","content":"Hi"}]}""".formatted(user));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-tokentally-cost")).isPresent();
        assertThat(event("chatcmpl-long-user")).containsEntry("input_tokens", 1200L).containsEntry("output_tokens", 350L);
    }

    @Test
    void every_choice_n_asks_for_is_reserved_so_a_hard_budget_holds() throws Exception {
        providerAnswersWithItsFullLimit();
        HttpResponse<String> first = chat(GatewayBudgetTest.CALL);
        BigDecimal costOfOne = new BigDecimal(first.headers().firstValue("x-tokentally-cost").orElseThrow());
        hardBudgetWithRoomFor(3, costOfOne);
        int calledBefore = openAiCalls();

        HttpResponse<String> many = chat("""
                {"model":"gpt-4o-mini","max_tokens":1000,"n":128,"messages":[{"role":"user","content":"Write a long story"}]}""");

        assertThat(many.statusCode()).isEqualTo(429);
        assertThat(parse(many.body()).path("error").path("code").asString()).isEqualTo("budget_exceeded");
        assertThat(openAiCalls()).isEqualTo(calledBefore);
        assertThat(chat("""
                {"model":"gpt-4o-mini","max_tokens":1000,"n":2,"messages":[{"role":"user","content":"Write a long story"}]}""")
                .statusCode()).isEqualTo(200);
        HttpResponse<String> absurd = chat("""
                {"model":"gpt-4o-mini","n":1000000000000000000000,"messages":[{"role":"user","content":"Hi"}]}""");
        assertThat(absurd.statusCode()).isEqualTo(400);
        assertThat(absurd.body()).contains("'n' must be a whole number from 1 to 128");
    }

    @Test
    void a_key_allowed_one_openrouter_model_cannot_reach_another_through_models() throws Exception {
        connectOpenRouter("openai/gpt-4o-mini", "openai/gpt-4o");
        assertThat(chat("""
                {"model":"gpt-4o-mini","models":["gpt-4o"],"messages":[{"role":"user","content":"Hi"}]}""").statusCode())
                .isEqualTo(400);
        settle(new ApiKeySettings(null, List.of("openrouter/openai/gpt-4o-mini"), null, null, null, null));

        HttpResponse<String> response = chat("""
                {"model":"openrouter/openai/gpt-4o-mini","models":["openai/gpt-4o","openai/gpt-4o-mini"],
                 "messages":[{"role":"user","content":"Hi"}]}""");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("openai/gpt-4o");
        fakes.server.verify(0, postRequestedFor(urlPathEqualTo("/openrouter/api/v1/chat/completions")));
    }

    @Test
    void the_model_the_provider_says_answered_is_the_one_priced() throws Exception {
        connectOpenRouter("openai/gpt-4o-mini", "openai/gpt-4o");
        fakes.server.stubFor(openRouter().willReturn(GatewayFakes.json("""
                {"id":"gen-fallback-1","object":"chat.completion","created":1763856000,"model":"openai/gpt-4o",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":1000,"completion_tokens":1000,"total_tokens":2000}}""")));

        HttpResponse<String> response = chat("""
                {"model":"openrouter/openai/gpt-4o-mini","models":["openai/gpt-4o"],"messages":[{"role":"user","content":"Hi"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(event("gen-fallback-1")).containsEntry("provider", "openrouter").containsEntry("model", "openai/gpt-4o");
    }

    @Test
    void server_side_tools_and_unknown_anthropic_betas_are_refused_before_the_provider() throws Exception {
        fakes.server.stubFor(GatewayFakes.anthropic().willReturn(GatewayFakes.json(GatewayFakes.anthropicMessage("msg_beta_1"))));
        String webSearch = """
                {"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":"News?"}],
                 "tools":[{"type":"web_search_20250305","name":"web_search","max_uses":50}]}""";
        String plain = """
                {"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":"Hi"}],
                 "tools":[{"name":"lookup","description":"Finds a word","input_schema":{"type":"object"}}]}""";

        HttpResponse<String> search = messages(webSearch);
        HttpResponse<String> mcp = post("/v1/messages", Map.of("x-api-key", acmeKey, "anthropic-version", "2023-06-01",
                "anthropic-beta", "mcp-client-2025-04-04"), plain);

        assertThat(search.statusCode()).isEqualTo(400);
        assertThat(search.body()).contains("web_search_20250305");
        assertThat(mcp.statusCode()).isEqualTo(400);
        assertThat(mcp.body()).contains("mcp-client-2025-04-04");
        fakes.server.verify(0, postRequestedFor(urlPathEqualTo("/anthropic/v1/messages")));
        HttpResponse<String> caching = post("/v1/messages", Map.of("x-api-key", acmeKey, "anthropic-version", "2023-06-01",
                "anthropic-beta", "prompt-caching-2024-07-31"), plain);
        assertThat(caching.statusCode()).isEqualTo(200);
        fakes.server.verify(postRequestedFor(urlPathEqualTo("/anthropic/v1/messages"))
                .withHeader("anthropic-beta", equalTo("prompt-caching-2024-07-31")));
    }

    @Test
    void an_answer_without_usage_is_billed_for_its_counted_text_and_flagged_estimated() throws Exception {
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json("""
                {"id":"chatcmpl-no-usage","object":"chat.completion","created":1763856000,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}]}"""
                .formatted("A long answer that the provider sent without counting it. ".repeat(20)))));

        HttpResponse<String> response = chat("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Tell me"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> recorded = event("chatcmpl-no-usage");
        assertThat(recorded).containsEntry("estimated", true);
        assertThat((Long) recorded.get("output_tokens")).isGreaterThan(150);
        assertThat((BigDecimal) recorded.get("billed_cost")).isPositive();
    }

    @Test
    void a_body_that_names_the_model_twice_is_refused_so_no_provider_reads_another_model() throws Exception {
        HttpResponse<String> response = chat("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"model":"gpt-4o"}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Duplicate");
        assertThat(openAiCalls()).isZero();
    }

    @Test
    void a_body_over_the_limit_is_refused_with_413_and_costs_nothing() throws Exception {
        // Only the headers: the answer must come before a byte of the body is read.
        String response = rawExchange("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + acmeKey + "\r\nContent-Type: application/json\r\nContent-Length: " + (21 * 1024 * 1024) + "\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 413").contains("at most 20 MB");
        assertThat(openAiCalls()).isZero();
        assertThat(gatewayEvents()).isZero();
    }

    @Test
    void a_long_prompt_is_forwarded_byte_for_byte_and_reserved_at_no_less_than_its_tokens() throws Exception {
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion(
                "chatcmpl-long-prompt", GatewayFakes.OPENAI_USAGE))));
        String request = """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"%s"}],"n":1}"""
                .formatted("Ein langer Satz mit \\\"Zitaten\\\" und Umlauten: äöü. ".repeat(40_000));

        HttpResponse<String> response = chat(request);

        assertThat(response.statusCode()).isEqualTo(200);
        fakes.server.verify(postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions"))
                .withRequestBody(equalTo(request)));
    }

    private HttpResponse<String> report(String idempotencyKey) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/usage"))
                .header("Authorization", "Bearer " + acmeKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"idempotency_key":"%s","provider":"openai","model":"gpt-4o-mini","input_tokens":0,"output_tokens":0}"""
                        .formatted(idempotencyKey))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int openAiCalls() {
        return fakes.server.findAll(postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions"))).size();
    }

    private static MappingBuilder openRouter() {
        return com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/openrouter/api/v1/chat/completions"));
    }

    /** Points OpenRouter at the fake and lets Acme call these of its models. */
    private void connectOpenRouter(String... models) {
        RunAs.user(users, "root@tokentally.test", () -> connections.update(ProviderKind.OPENROUTER, new ProviderConnectionChange(
                true, "http://localhost:" + fakes.server.port() + "/openrouter/api/v1", "sk-or-platform-0001", 10)));
        for (String model : models) {
            long id = prices.model("openrouter", model).orElseThrow().modelId();
            RunAs.user(users, "admin@acme.test", () -> {
                modelAccess.setAllowed(organization("acme"), id, true);
                return null;
            });
        }
    }
}
