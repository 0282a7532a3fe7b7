package dev.tokentally.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tokentally.models.ProviderConnectionChange;
import dev.tokentally.models.VertexConnection;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.testsupport.VertexFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Google Vertex AI behind the gateway: vertex/&lt;model&gt; reaches Gemini through Vertex's OpenAI-compatible API and
 * Claude through rawPredict, each with a token google-auth got for the service account (a JWT signed with its key);
 * calls are priced as the catalog's Gemini and Claude models, cached and thinking tokens included; Vertex's 429
 * reaches the client in its own format and costs nothing.
 */
@TokentallyTest
class VertexGatewayTest extends GatewayTestSupport {

    @RegisterExtension
    static final VertexFake vertexFake = new VertexFake();

    @Autowired
    VertexConnection vertex;

    /**
     * gemini-2.5-flash: 176 uncached prompt tokens at $0.30, 1,024 cached at $0.03, 350 answer tokens at $2.50 and
     * 128 thinking tokens at $2.50 per million (Gemini counts thoughts beside the answer).
     */
    static final BigDecimal GEMINI_COST = new BigDecimal("0.00127852");
    /**
     * claude-sonnet-4-5: 3 input tokens at $3, 2,048 cache reads at $0.30, 12,000 five-minute cache writes at $3.75,
     * 304 one-hour writes at $6 and 550 output tokens at $15 per million.
     */
    static final BigDecimal CLAUDE_COST = new BigDecimal("0.0556974");
    static final String GEMINI_USAGE = """
            {"completion_tokens":350,"prompt_tokens":1200,"total_tokens":1678,\
            "prompt_tokens_details":{"cached_tokens":1024},"completion_tokens_details":{"reasoning_tokens":128},\
            "extra_properties":{"google":{"traffic_type":"ON_DEMAND"}}}""";

    @BeforeEach
    void connectVertex() {
        saveVertex(false);
        long gemini = prices.model("google", "gemini-2.5-flash").orElseThrow().modelId();
        long claude = prices.model("anthropic", "claude-sonnet-4-5-20250929").orElseThrow().modelId();
        RunAs.user(users, "admin@acme.test", () -> {
            modelAccess.setAllowed(organization("acme"), gemini, true);
            modelAccess.setAllowed(organization("acme"), claude, true);
            return null;
        });
    }

    /** Off again, so that no later test's Gemini or Claude call is routed to this fake. */
    @AfterEach
    void disconnectVertex() {
        RunAs.user(users, "root@tokentally.test", () -> vertex.save(new ProviderConnectionChange(false, vertexFake.baseUrl(),
                null, 10), new VertexConnection.Settings(VertexFake.PROJECT, VertexFake.REGION, null, false)));
    }

    void saveVertex(boolean preferred) {
        RunAs.user(users, "root@tokentally.test", () -> vertex.save(new ProviderConnectionChange(true, vertexFake.baseUrl(),
                null, 10), new VertexConnection.Settings(VertexFake.PROJECT, VertexFake.REGION, vertexFake.serviceAccountJson(),
                preferred)));
    }

    OpenAIClient openAi() {
        return OpenAIOkHttpClient.builder().apiKey(acmeKey).baseUrl(baseUrl() + "/v1").maxRetries(0).build();
    }

    AnthropicClient anthropic() {
        return AnthropicOkHttpClient.builder().apiKey(acmeKey).baseUrl(baseUrl()).maxRetries(0).build();
    }

    static String geminiCompletion(String id) {
        return """
                {"choices":[{"finish_reason":"stop","index":0,"logprobs":null,"message":{"content":"Hello from Vertex",\
                "role":"assistant"}}],"created":1765130000,"id":"%s","model":"google/gemini-2.5-flash",\
                "object":"chat.completion","system_fingerprint":"","usage":%s}""".formatted(id, GEMINI_USAGE);
    }

    static String geminiStream(String id, String... parts) {
        StringBuilder body = new StringBuilder();
        String head = "{\"created\":1765130000,\"id\":\"" + id + "\",\"model\":\"google/gemini-2.5-flash\","
                + "\"object\":\"chat.completion.chunk\",\"system_fingerprint\":\"\",";
        for (String part : parts) {
            body.append("data: ").append(head).append("\"choices\":[{\"delta\":{\"content\":\"").append(part)
                    .append("\",\"role\":\"assistant\"},\"index\":0}]}\n\n");
        }
        body.append("data: ").append(head).append("\"choices\":[{\"delta\":{\"content\":\"\",\"role\":\"assistant\"},"
                + "\"finish_reason\":\"stop\",\"index\":0}],\"usage\":").append(GEMINI_USAGE).append("}\n\n");
        body.append("data: [DONE]\n\n");
        return body.toString();
    }

    @Test
    void openai_sdk_gets_gemini_from_vertex_with_the_service_accounts_token_priced_with_cached_and_thinking_tokens()
            throws Exception {
        vertexFake.server.stubFor(VertexFake.openAiChat().willReturn(GatewayFakes.json(geminiCompletion("vrtx-plain-1"))));

        ChatCompletion answer = openAi().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("vertex/gemini-2.5-flash").addUserMessage("Hello").build());

        assertThat(answer.choices().getFirst().message().content()).contains("Hello from Vertex");
        assertThat(event("vrtx-plain-1")).containsEntry("provider", "google").containsEntry("model", "gemini-2.5-flash")
                .containsEntry("cached_input_tokens", 1024L).containsEntry("reasoning_tokens", 128L)
                .containsEntry("output_tokens", 350L);
        assertThat(rawCost("vrtx-plain-1")).isEqualByComparingTo(GEMINI_COST);
        JsonNode sent = parse(vertexFake.server.findAll(postRequestedFor(urlPathMatching(".*/openapi/chat/completions")))
                .getFirst().getBodyAsString());
        assertThat(sent.path("model").asString()).isEqualTo("google/gemini-2.5-flash");
        JsonNode assertion = vertexFake.verifiedAssertion();
        assertThat(assertion.path("iss").asString()).isEqualTo(VertexFake.CLIENT_EMAIL);
        assertThat(assertion.path("scope").asString()).contains("https://www.googleapis.com/auth/cloud-platform");
    }

    @Test
    void openai_sdk_streams_gemini_from_vertex_and_the_call_is_billed_from_the_streams_usage() {
        vertexFake.server.stubFor(VertexFake.openAiChat().willReturn(GatewayFakes.sse(geminiStream("vrtx-stream-1",
                "Hello", " from", " Vertex"))));
        StringBuilder text = new StringBuilder();

        try (var stream = openAi().chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("vertex/gemini-2.5-flash").addUserMessage("Hello").build())) {
            stream.stream().forEach((ChatCompletionChunk chunk) ->
                    chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
        }

        assertThat(text.toString()).isEqualTo("Hello from Vertex");
        assertThat(event("vrtx-stream-1")).containsEntry("estimated", false).containsEntry("reasoning_tokens", 128L);
        assertThat(rawCost("vrtx-stream-1")).isEqualByComparingTo(GEMINI_COST);
        JsonNode sent = parse(vertexFake.server.findAll(postRequestedFor(urlPathMatching(".*/openapi/chat/completions")))
                .getFirst().getBodyAsString());
        assertThat(sent.path("stream_options").path("include_usage").asBoolean()).isTrue();
    }

    @Test
    void anthropic_sdk_gets_claude_from_vertex_raw_predict_with_vertexs_anthropic_version_and_no_model_in_the_body()
            throws Exception {
        vertexFake.server.stubFor(VertexFake.claude("claude-sonnet-4-5@20250929", "rawPredict")
                .willReturn(GatewayFakes.json(GatewayFakes.anthropicMessage("msg_vrtx_01plain"))));

        Message message = anthropic().messages().create(MessageCreateParams.builder().model("vertex/claude-sonnet-4-5@20250929")
                .maxTokens(1024).addUserMessage("Hello").build());

        assertThat(message.content().getFirst().text().orElseThrow().text()).isEqualTo("Hello there!");
        assertThat(event("msg_vrtx_01plain")).containsEntry("provider", "anthropic").containsEntry("cached_input_tokens", 2048L)
                .containsEntry("cache_write_5m_tokens", 12_000L).containsEntry("cache_write_1h_tokens", 304L);
        assertThat(rawCost("msg_vrtx_01plain")).isEqualByComparingTo(CLAUDE_COST);
        JsonNode sent = parse(vertexFake.server.findAll(postRequestedFor(urlPathMatching(".*:rawPredict"))).getFirst()
                .getBodyAsString());
        assertThat(sent.path("anthropic_version").asString()).isEqualTo("vertex-2023-10-16");
        assertThat(sent.has("model")).isFalse();
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(1024);
    }

    @Test
    void anthropic_sdk_streams_claude_from_vertex_stream_raw_predict_and_the_call_is_billed() {
        vertexFake.server.stubFor(VertexFake.claude("claude-sonnet-4-5@20250929", "streamRawPredict")
                .willReturn(GatewayFakes.sse(GatewayFakes.anthropicStream("msg_vrtx_01stream", "Hello", " from", " Claude"))));
        StringBuilder text = new StringBuilder();

        try (StreamResponse<RawMessageStreamEvent> stream = anthropic().messages().createStreaming(MessageCreateParams.builder()
                .model("vertex/claude-sonnet-4-5-20250929").maxTokens(1024).addUserMessage("Hello").build())) {
            stream.stream().forEach(event -> event.contentBlockDelta().flatMap(delta -> delta.delta().text())
                    .ifPresent(delta -> text.append(delta.text())));
        }

        assertThat(text.toString()).isEqualTo("Hello from Claude");
        assertThat(event("msg_vrtx_01stream")).containsEntry("estimated", false).containsEntry("output_tokens", 550L);
        assertThat(rawCost("msg_vrtx_01stream")).isEqualByComparingTo(CLAUDE_COST);
    }

    /**
     * claude-sonnet-4-5 answering an OpenAI-format call: 3 input tokens at $3, 2,048 cache reads at $0.30, 12,000
     * five-minute cache writes at $3.75 and 550 output tokens at $15 per million.
     */
    static final BigDecimal CLAUDE_FROM_OPENAI_COST = new BigDecimal("0.0538734");

    @Test
    void openai_sdk_gets_claude_from_vertex_raw_predict_translated_both_ways_and_priced_with_cache_reads_and_writes()
            throws Exception {
        vertexFake.server.stubFor(VertexFake.claude("claude-sonnet-4-5@20250929", "rawPredict").willReturn(GatewayFakes.json("""
                {"id":"msg_vrtx_01openai","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",\
                "content":[{"type":"text","text":"Hello there!"}],"stop_reason":"max_tokens","stop_sequence":null,\
                "usage":{"input_tokens":3,"cache_creation_input_tokens":12000,"cache_read_input_tokens":2048,\
                "output_tokens":550}}""")));

        ChatCompletion answer = openAi().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("vertex/claude-sonnet-4-5@20250929").addSystemMessage("Be brief.").addUserMessage("Hello").build());

        assertThat(answer.choices().getFirst().message().content()).contains("Hello there!");
        assertThat(answer.choices().getFirst().finishReason().asString()).isEqualTo("length");
        var usage = answer.usage().orElseThrow();
        assertThat(usage.promptTokens()).as("OpenAI counts the cache inside the prompt").isEqualTo(3 + 2048 + 12_000);
        assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).contains(2048L);
        assertThat(usage.completionTokens()).isEqualTo(550);
        assertThat(event(answer.id())).containsEntry("provider", "anthropic").containsEntry("connection", "vertex")
                .containsEntry("input_tokens", 3L).containsEntry("cached_input_tokens", 2048L)
                .containsEntry("cache_write_5m_tokens", 12_000L).containsEntry("output_tokens", 550L);
        assertThat(rawCost(answer.id())).isEqualByComparingTo(CLAUDE_FROM_OPENAI_COST);
        JsonNode sent = parse(vertexFake.server.findAll(postRequestedFor(urlPathMatching(".*:rawPredict"))).getFirst()
                .getBodyAsString());
        assertThat(sent.path("anthropic_version").asString()).isEqualTo("vertex-2023-10-16");
        assertThat(sent.has("model")).isFalse();
        assertThat(sent.path("system").toString()).contains("Be brief.");
        assertThat(sent.path("messages").path(0).path("role").asString()).isEqualTo("user");
        assertThat(sent.path("max_tokens").asInt()).as("Anthropic's required limit, by default").isEqualTo(4096);
    }

    @Test
    void openai_sdk_streams_claude_from_vertex_stream_raw_predict_as_openai_chunks_ending_with_the_usage() {
        vertexFake.server.stubFor(VertexFake.claude("claude-sonnet-4-5@20250929", "streamRawPredict").willReturn(
                GatewayFakes.sse(dev.tokentally.testsupport.AnthropicStream.of("msg_vrtx_01chunks", "claude-sonnet-4-5-20250929",
                        12_000, 0, "Hello", " from", " Claude"))));
        StringBuilder text = new StringBuilder();
        String[] id = {null};
        long[] prompt = {0};
        String[] finish = {null};

        try (var stream = openAi().chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("vertex/claude-sonnet-4-5-20250929").addUserMessage("Hello").maxCompletionTokens(1000)
                .streamOptions(com.openai.models.chat.completions.ChatCompletionStreamOptions.builder().includeUsage(true)
                        .build()).build())) {
            stream.stream().forEach((ChatCompletionChunk chunk) -> {
                id[0] = chunk.id();
                chunk.choices().forEach(choice -> {
                    choice.delta().content().ifPresent(text::append);
                    choice.finishReason().ifPresent(reason -> finish[0] = reason.asString());
                });
                chunk.usage().ifPresent(usage -> prompt[0] = usage.promptTokens());
            });
        }

        assertThat(text.toString()).isEqualTo("Hello from Claude");
        assertThat(finish[0]).isEqualTo("stop");
        assertThat(prompt[0]).as("the last chunk's usage").isEqualTo(3 + 2048 + 12_000);
        assertThat(event(id[0])).containsEntry("estimated", false).containsEntry("cache_write_5m_tokens", 12_000L);
        assertThat(rawCost(id[0])).isEqualByComparingTo(CLAUDE_FROM_OPENAI_COST);
        JsonNode sent = parse(vertexFake.server.findAll(postRequestedFor(urlPathMatching(".*:streamRawPredict"))).getFirst()
                .getBodyAsString());
        assertThat(sent.path("stream").asBoolean()).isTrue();
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(1000);
    }

    @Test
    void vertexs_refusal_of_an_openai_format_claude_call_is_a_429_in_openais_format_and_nothing_is_charged() throws Exception {
        vertexFake.server.stubFor(VertexFake.claude("claude-sonnet-4-5@20250929", "rawPredict").willReturn(aResponse()
                .withStatus(429).withHeader("Content-Type", "application/json; charset=UTF-8").withBody("""
                        [{"error":{"code":429,"message":"Resource exhausted. Please try again later.",\
                        "status":"RESOURCE_EXHAUSTED"}}]""")));

        var response = chat("""
                {"model":"vertex/claude-sonnet-4-5-20250929","messages":[{"role":"user","content":"Hello"}]}""");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(parse(response.body()).path("error").path("message").asString()).contains("Resource exhausted")
                .doesNotContain("{");
        assertThat(gatewayEvents()).isZero();
        assertThat(gatewaySpend()).isZero();
    }

    @Test
    void vertexs_resource_exhausted_is_a_429_in_each_clients_format_and_nothing_is_charged() throws Exception {
        String exhausted = """
                {"error":{"code":429,"message":"Resource exhausted. Please try again later. Please refer to \
                https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.",\
                "status":"RESOURCE_EXHAUSTED"}}""";
        vertexFake.server.stubFor(VertexFake.openAiChat().willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json; charset=UTF-8").withBody(exhausted)));
        vertexFake.server.stubFor(VertexFake.claude("claude-sonnet-4-5@20250929", "rawPredict").willReturn(aResponse()
                .withStatus(429).withHeader("Content-Type", "application/json; charset=UTF-8").withBody("[" + exhausted + "]")));

        var openAiAnswer = chat("""
                {"model":"vertex/gemini-2.5-flash","messages":[{"role":"user","content":"Hello"}]}""");
        assertThat(openAiAnswer.statusCode()).isEqualTo(429);
        assertThat(parse(openAiAnswer.body()).path("error").path("type").asString()).isEqualTo("requests");
        assertThat(parse(openAiAnswer.body()).path("error").path("message").asString()).contains("Resource exhausted");
        assertThatThrownBy(() -> anthropic().messages().create(MessageCreateParams.builder()
                .model("vertex/claude-sonnet-4-5-20250929").maxTokens(64).addUserMessage("Hello").build()))
                .isInstanceOf(com.anthropic.errors.RateLimitException.class).hasMessageContaining("Resource exhausted");
        assertThat(gatewayEvents()).isZero();
        assertThat(gatewaySpend()).isZero();
    }

    @Test
    void a_catalog_gemini_name_goes_to_vertex_only_when_vertex_is_preferred() throws Exception {
        vertexFake.server.stubFor(VertexFake.openAiChat().willReturn(GatewayFakes.json(geminiCompletion("vrtx-preferred-1"))));
        String body = """
                {"model":"gemini-2.5-flash","messages":[{"role":"user","content":"Hello"}]}""";

        assertThat(chat(body).statusCode()).as("Google Gemini itself is not connected").isEqualTo(503);
        saveVertex(true);
        var response = chat(body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(parse(response.body()).path("id").asString()).isEqualTo("vrtx-preferred-1");
        assertThat(rawCost("vrtx-preferred-1")).isEqualByComparingTo(GEMINI_COST);
    }

    @Test
    void a_gemini_model_on_vertex_is_not_served_in_anthropics_format() throws Exception {
        var response = messages("""
                {"model":"vertex/gemini-2.5-flash","max_tokens":64,"messages":[{"role":"user","content":"Hello"}]}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(parse(response.body()).path("error").path("message").asString()).contains("/v1/chat/completions");
    }

    BigDecimal rawCost(String responseId) {
        return jdbc.sql("select raw_cost_usd from usage_event where idempotency_key like ?").param("%" + responseId)
                .query(BigDecimal.class).optional().orElse(null);
    }
}
