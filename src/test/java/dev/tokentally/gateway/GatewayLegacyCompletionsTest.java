package dev.tokentally.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.Map;

import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;

/** OpenAI's legacy {@code POST /v1/completions} through the gateway: forwarded, metered and reserved like chat completions. */
@TokentallyTest
class GatewayLegacyCompletionsTest extends GatewayTestSupport {

    @Test
    void a_legacy_completion_reaches_the_provider_as_sent_and_is_billed_from_its_usage() throws Exception {
        String answer = GatewayFakes.legacyCompletion("cmpl-plain-1", GatewayFakes.OPENAI_USAGE);
        fakes.server.stubFor(GatewayFakes.openAiLegacyCompletions().willReturn(GatewayFakes.json(answer)));
        String request = """
                {"model":"gpt-4o-mini","prompt":"Say hello","max_tokens":50,"temperature":0,"suffix":null}""";

        HttpResponse<String> response = completions(request);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(answer);
        fakes.server.verify(postRequestedFor(urlPathEqualTo("/openai/v1/completions")).withRequestBody(equalTo(request)));
        Map<String, Object> event = event("cmpl-plain-1");
        assertThat(event).containsEntry("provider", "openai").containsEntry("model", "gpt-4o-mini")
                .containsEntry("input_tokens", 1200L).containsEntry("cached_input_tokens", 1024L)
                .containsEntry("output_tokens", 350L).containsEntry("reasoning_tokens", 128L)
                .containsEntry("wire_format", "completions").containsEntry("connection", "openai");
        assertThat(new BigDecimal(response.headers().firstValue("x-tokentally-cost").orElseThrow()))
                .isEqualByComparingTo((BigDecimal) event.get("billed_cost")).isPositive();
    }

    @Test
    void a_streamed_legacy_completion_asks_for_usage_hides_the_usage_chunk_and_records_it() throws Exception {
        fakes.server.stubFor(GatewayFakes.openAiLegacyCompletions().willReturn(GatewayFakes.sse(
                GatewayFakes.legacyCompletionStream("cmpl-stream-1", "Hel", "lo"))));

        HttpResponse<String> response = completions("""
                {"model":"gpt-4o-mini","prompt":"Say hello","max_tokens":50,"stream":true}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"text\":\"Hel\"", "\"text\":\"lo\"", "data: [DONE]").doesNotContain("prompt_tokens");
        fakes.server.verify(postRequestedFor(urlPathEqualTo("/openai/v1/completions")).withRequestBody(equalToJson("""
                {"model":"gpt-4o-mini","prompt":"Say hello","max_tokens":50,"stream":true,
                 "stream_options":{"include_usage":true}}""")));
        assertThat(event("cmpl-stream-1")).containsEntry("input_tokens", 12L).containsEntry("output_tokens", 40L)
                .containsEntry("estimated", false).containsEntry("wire_format", "completions");
    }

    @Test
    void the_offline_demo_model_answers_legacy_completions_plain_and_streamed() throws Exception {
        HttpResponse<String> plain = completions("""
                {"model":"demo-mini","prompt":"What is a token?","max_tokens":200}""");

        assertThat(plain.statusCode()).isEqualTo(200);
        var completion = parse(plain.body());
        assertThat(completion.path("object").asString()).isEqualTo("text_completion");
        assertThat(completion.path("choices").path(0).path("text").asString()).contains("What is a token?");
        assertThat(event(completion.path("id").asString())).containsEntry("provider", "demo")
                .containsEntry("output_tokens", completion.path("usage").path("completion_tokens").asLong())
                .containsEntry("wire_format", "completions");

        HttpResponse<String> streamed = completions("""
                {"model":"demo-mini","prompt":"What is a token?","max_tokens":200,"stream":true}""");

        assertThat(streamed.body()).contains("\"object\":\"text_completion\"", "data: [DONE]").doesNotContain("prompt_tokens");
        String id = parse(SseRelay.data(streamed.body().lines().findFirst().orElseThrow().getBytes())).path("id").asString();
        assertThat(event(id)).containsEntry("provider", "demo").containsEntry("estimated", false);
    }

    @Test
    void every_answer_best_of_asks_for_is_reserved() throws Exception {
        fakes.server.stubFor(GatewayFakes.openAiLegacyCompletions().willReturn(GatewayFakes.json(GatewayFakes.legacyCompletion(
                "cmpl-{{randomValue type='UUID'}}", """
                        {"prompt_tokens":1,"completion_tokens":1000,"total_tokens":1001}""")).withTransformers("response-template")));
        String call = """
                {"model":"gpt-4o-mini","prompt":"Write a long story","max_tokens":1000%s}""";
        HttpResponse<String> first = completions(call.formatted(""));
        hardBudgetWithRoomFor(1, new BigDecimal(first.headers().firstValue("x-tokentally-cost").orElseThrow()));

        HttpResponse<String> threeCandidates = completions(call.formatted(",\"best_of\":3"));

        assertThat(threeCandidates.statusCode()).isEqualTo(429);
        assertThat(parse(threeCandidates.body()).path("error").path("code").asString()).isEqualTo("budget_exceeded");
        assertThat(completions(call.formatted(",\"best_of\":1")).statusCode()).isEqualTo(200);
        assertThat(fakes.server.getAllServeEvents()).hasSize(2);
    }

    HttpResponse<String> completions(String body) throws Exception {
        return post("/v1/completions", Map.of("Authorization", "Bearer " + acmeKey), body);
    }
}
