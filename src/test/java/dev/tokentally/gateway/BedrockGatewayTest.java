package dev.tokentally.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.tokentally.models.BedrockConnection;
import dev.tokentally.models.ConnectionCheck;
import dev.tokentally.models.ProviderConnectionChange;
import dev.tokentally.testsupport.AwsEventStream;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Amazon Bedrock behind the gateway: OpenAI- and Anthropic-format calls reach Bedrock's Converse and ConverseStream
 * APIs through the AWS SDK, signed with SigV4, and come back in the client's format; the ledger prices Bedrock's usage
 * (input, output, cache reads and writes) at the catalog's Bedrock prices; a throttling costs nothing.
 */
@TokentallyTest
class BedrockGatewayTest extends GatewayTestSupport {

    static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String MODEL_ID = "anthropic.claude-sonnet-4-5-20250929-v1:0";
    static final String CATALOG_NAME = "claude-sonnet-4-5-20250929-v1:0";
    static final String USAGE = """
            {"inputTokens":176,"outputTokens":350,"totalTokens":2062,"cacheReadInputTokens":1024,"cacheWriteInputTokens":512}""";
    /**
     * Claude Sonnet 4.5 on Bedrock: 176 input tokens at $3, 1,024 cache reads at $0.30, 512 cache writes at $3.75 and
     * 350 output tokens at $15 per million.
     */
    static final BigDecimal COST = new BigDecimal("0.000528").add(new BigDecimal("0.0003072")).add(new BigDecimal("0.00192"))
            .add(new BigDecimal("0.00525"));

    @Autowired
    BedrockConnection bedrock;
    @Autowired
    ConnectionCheck check;

    @BeforeEach
    void connectBedrock() {
        save(true);
        long model = prices.model("bedrock", CATALOG_NAME).orElseThrow().modelId();
        RunAs.user(users, "admin@acme.test", () -> {
            modelAccess.setAllowed(organization("acme"), model, true);
            return null;
        });
    }

    @AfterEach
    void disconnectBedrock() {
        save(false);
    }

    void save(boolean enabled) {
        RunAs.user(users, "root@tokentally.test", () -> bedrock.save(new ProviderConnectionChange(enabled,
                fakes.server.baseUrl(), SECRET, 10), new BedrockConnection.Settings("us-east-1", ACCESS_KEY_ID)));
    }

    static MappingBuilder converse(String api) {
        return com.github.tomakehurst.wiremock.client.WireMock.post(urlPathMatching("/model/anthropic\\.claude-sonnet-4-5-20250929-v1(:|%3A)0/" + api));
    }

    /** Bedrock's Converse answer, as it sends it. */
    static ResponseDefinitionBuilder converseAnswer(String usage) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-RequestId", "7d3c1c2e-5b7a-4a43-9d61-0c6f2b4f1a10").withBody("""
                        {"metrics":{"latencyMs":812},"output":{"message":{"content":[{"text":"Hello from Bedrock"}],\
                        "role":"assistant"}},"stopReason":"end_turn","usage":%s}""".formatted(usage));
    }

    /** ConverseStream's answer: AWS event-stream messages, each JSON payload padded with "p" as Bedrock pads them. */
    static ResponseDefinitionBuilder converseStreamAnswer(String usage) {
        byte[] events = new AwsEventStream()
                .event("messageStart", "{\"p\":\"abcdefghijklmnopqrstuvwxyzABCDEFGHIJ\",\"role\":\"assistant\"}")
                .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hello\"},\"p\":\"abcdefgh\"}")
                .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\" from Bedrock\"},\"p\":\"abcd\"}")
                .event("contentBlockStop", "{\"contentBlockIndex\":0,\"p\":\"abcdefghijklmnopq\"}")
                .event("messageStop", "{\"p\":\"abcdefghijkl\",\"stopReason\":\"end_turn\"}")
                .event("metadata", "{\"metrics\":{\"latencyMs\":640},\"p\":\"abcdef\",\"usage\":" + usage + "}")
                .bytes();
        return aResponse().withStatus(200).withHeader("Content-Type", AwsEventStream.CONTENT_TYPE)
                .withHeader("x-amzn-RequestId", "1f0a8c7e-2d3b-4c5d-8e9f-a0b1c2d3e4f5").withBody(events);
    }

    /** The fake got a call signed by the AWS SDK with the connection's key, for Bedrock in its region. */
    static void signedWithSigV4(String api) {
        fakes.server.verify(postRequestedFor(urlPathMatching("/model/.+/" + api)).withHeader("Authorization",
                matching("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID + "/[0-9]{8}/us-east-1/bedrock/aws4_request, "
                        + "SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}")));
    }

    OpenAIClient openAi() {
        return OpenAIOkHttpClient.builder().apiKey(acmeKey).baseUrl(baseUrl() + "/v1").maxRetries(0).build();
    }

    @Test
    void openai_sdk_gets_bedrocks_answer_and_the_ledger_prices_input_output_cache_reads_and_writes() {
        fakes.server.stubFor(converse("converse").willReturn(converseAnswer(USAGE)));

        ChatCompletion completion = openAi().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("bedrock/" + MODEL_ID).addSystemMessage("Be brief.").addUserMessage("Hello").maxTokens(100)
                .temperature(0.2).topP(0.9).stop("END").build());

        assertThat(completion.choices().getFirst().message().content()).contains("Hello from Bedrock");
        var usage = completion.usage().orElseThrow();
        assertThat(usage.promptTokens()).as("OpenAI counts cache inside the prompt").isEqualTo(176 + 1024 + 512);
        assertThat(usage.completionTokens()).isEqualTo(350);
        assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).contains(1024L);
        assertThat(event(completion.id())).containsEntry("provider", "bedrock").containsEntry("model", CATALOG_NAME)
                .containsEntry("connection", "bedrock").containsEntry("input_tokens", 176L)
                .containsEntry("cached_input_tokens", 1024L).containsEntry("cache_write_5m_tokens", 512L)
                .containsEntry("output_tokens", 350L).containsEntry("estimated", false);
        assertThat(rawCost(completion.id())).isEqualByComparingTo(COST);
        signedWithSigV4("converse");
        fakes.server.verify(postRequestedFor(urlPathMatching("/model/.+/converse"))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("user")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].text", equalTo("Hello")))
                .withRequestBody(matchingJsonPath("$.system[0].text", equalTo("Be brief.")))
                .withRequestBody(matchingJsonPath("$.inferenceConfig.maxTokens", equalTo("100")))
                .withRequestBody(matchingJsonPath("$.inferenceConfig.topP", equalTo("0.9")))
                .withRequestBody(matchingJsonPath("$.inferenceConfig.stopSequences[0]", equalTo("END"))));
    }

    @Test
    void openai_sdk_streams_bedrocks_converse_stream_by_catalog_name_and_the_call_is_billed_exactly() {
        fakes.server.stubFor(converse("converse-stream").willReturn(converseStreamAnswer(USAGE)));
        StringBuilder text = new StringBuilder();
        String[] id = {null};
        long[] prompt = {0};

        try (var stream = openAi().chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model(CATALOG_NAME).addUserMessage("Hello")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                id[0] = chunk.id();
                chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
                chunk.usage().ifPresent(usage -> prompt[0] = usage.promptTokens());
            });
        }

        assertThat(text.toString()).isEqualTo("Hello from Bedrock");
        assertThat(prompt[0]).isEqualTo(176 + 1024 + 512);
        assertThat(event(id[0])).containsEntry("input_tokens", 176L).containsEntry("cache_write_5m_tokens", 512L)
                .containsEntry("estimated", false);
        assertThat(rawCost(id[0])).isEqualByComparingTo(COST);
        signedWithSigV4("converse-stream");
    }

    @Test
    void nova_and_llama_on_bedrock_are_in_the_catalog_and_priced_at_bedrocks_prices() {
        RunAs.user(users, "admin@acme.test", () -> {
            for (String name : java.util.List.of("nova-micro-v1:0", "llama3-1-8b-instruct-v1:0")) {
                modelAccess.setAllowed(organization("acme"), prices.model("bedrock", name).orElseThrow().modelId(), true);
            }
            return null;
        });
        String usage = """
                {"inputTokens":2000,"outputTokens":500,"totalTokens":2500}""";
        fakes.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                urlPathMatching("/model/amazon\\.nova-micro-v1(:|%3A)0/converse")).willReturn(converseAnswer(usage)));
        fakes.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                urlPathMatching("/model/meta\\.llama3-1-8b-instruct-v1(:|%3A)0/converse")).willReturn(converseAnswer(usage)));

        ChatCompletion nova = openAi().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("bedrock/amazon.nova-micro-v1:0").addUserMessage("Hello").build());
        ChatCompletion llama = openAi().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("llama3-1-8b-instruct-v1:0").addUserMessage("Hello").build());

        // Nova Micro: 2,000 input tokens at $0.035 and 500 output at $0.14 per million.
        assertThat(event(nova.id())).containsEntry("provider", "bedrock").containsEntry("model", "nova-micro-v1:0")
                .containsEntry("input_tokens", 2000L).containsEntry("output_tokens", 500L);
        assertThat(rawCost(nova.id())).isEqualByComparingTo(new BigDecimal("0.00014"));
        // Llama 3.1 8B Instruct: 2,500 tokens at $0.22 per million, input and output alike.
        assertThat(event(llama.id())).containsEntry("model", "llama3-1-8b-instruct-v1:0");
        assertThat(rawCost(llama.id())).isEqualByComparingTo(new BigDecimal("0.00055"));
        signedWithSigV4("converse");
    }

    @Test
    void anthropic_sdk_gets_bedrocks_message_plain_and_streamed_with_cache_usage() {
        fakes.server.stubFor(converse("converse").willReturn(converseAnswer(USAGE)));
        fakes.server.stubFor(converse("converse-stream").willReturn(converseStreamAnswer(USAGE)));
        var anthropic = AnthropicOkHttpClient.builder().apiKey(acmeKey).baseUrl(baseUrl()).maxRetries(0).build();
        MessageCreateParams params = MessageCreateParams.builder().model("bedrock/" + MODEL_ID).maxTokens(1024)
                .system("Be brief.").addUserMessage("Hello").build();

        Message message = anthropic.messages().create(params);

        assertThat(message.content().getFirst().text().orElseThrow().text()).isEqualTo("Hello from Bedrock");
        assertThat(message.usage().inputTokens()).isEqualTo(176);
        assertThat(message.usage().cacheReadInputTokens()).contains(1024L);
        assertThat(message.usage().cacheCreationInputTokens()).contains(512L);
        assertThat(rawCost(message.id())).isEqualByComparingTo(COST);

        StringBuilder text = new StringBuilder();
        String[] id = {null};
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(params)) {
            stream.stream().forEach(event -> {
                event.messageStart().ifPresent(start -> id[0] = start.message().id());
                event.contentBlockDelta().flatMap(delta -> delta.delta().text()).ifPresent(delta -> text.append(delta.text()));
            });
        }
        assertThat(text.toString()).isEqualTo("Hello from Bedrock");
        assertThat(event(id[0])).containsEntry("cached_input_tokens", 1024L).containsEntry("cache_write_5m_tokens", 512L);
        assertThat(rawCost(id[0])).isEqualByComparingTo(COST);
        signedWithSigV4("converse-stream");
    }

    @Test
    void bedrocks_throttling_is_a_429_in_the_clients_format_tried_again_as_for_every_provider_and_costs_nothing()
            throws Exception {
        fakes.server.stubFor(converse("converse").willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/")
                .withHeader("x-amzn-RequestId", "0b9a1c2d-3e4f-5a6b-7c8d-9e0f1a2b3c4d")
                .withBody("{\"message\":\"Too many requests, please wait before trying again.\"}")));

        HttpResponse<String> openAiFormat = chat("""
                {"model":"bedrock/%s","messages":[{"role":"user","content":"Hello"}]}""".formatted(MODEL_ID));
        HttpResponse<String> anthropicFormat = messages("""
                {"model":"bedrock/%s","max_tokens":100,"messages":[{"role":"user","content":"Hello"}]}""".formatted(MODEL_ID));

        assertThat(openAiFormat.statusCode()).isEqualTo(429);
        assertThat(parse(openAiFormat.body()).path("error").path("message").asString()).contains("ThrottlingException");
        assertThat(anthropicFormat.statusCode()).isEqualTo(429);
        assertThat(parse(anthropicFormat.body()).path("error").path("type").asString()).isEqualTo("rate_limit_error");
        fakes.server.verify(6, postRequestedFor(urlPathMatching("/model/.+/converse")));
        assertThat(gatewayEvents()).isZero();
        assertThat(gatewaySpend()).isZero();
    }

    @Test
    void bedrocks_validation_error_is_a_400_and_costs_nothing() throws Exception {
        fakes.server.stubFor(converse("converse").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/")
                .withBody("{\"message\":\"The model returned the following errors: temperature: range: 0..1\"}")));

        HttpResponse<String> response = chat("""
                {"model":"bedrock/%s","temperature":1.5,"messages":[{"role":"user","content":"Hello"}]}""".formatted(MODEL_ID));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(parse(response.body()).path("error").path("message").asString())
                .contains("ValidationException").contains("temperature: range: 0..1");
        assertThat(gatewayEvents()).isZero();
    }

    @Test
    void a_converse_stream_cut_off_before_its_usage_is_recorded_as_estimated() throws Exception {
        byte[] cut = new AwsEventStream()
                .event("messageStart", "{\"role\":\"assistant\"}")
                .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hello from\"}}")
                .bytes();
        fakes.server.stubFor(converse("converse-stream").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", AwsEventStream.CONTENT_TYPE).withBody(cut)));

        HttpResponse<String> response = chat("""
                {"model":"bedrock/%s","stream":true,"messages":[{"role":"user","content":"Hello"}]}""".formatted(MODEL_ID));

        assertThat(response.body()).contains("Hello from").doesNotContain("[DONE]");
        assertThat(jdbc.sql("select estimated from usage_event where source = 'GATEWAY'").query(Boolean.class).list())
                .containsExactly(true);
    }

    @Test
    void test_connection_calls_bedrock_through_the_sdk_and_shows_what_the_call_cost() {
        fakes.server.stubFor(converse("converse-stream").willReturn(converseStreamAnswer("""
                {"inputTokens":12,"outputTokens":2,"totalTokens":14}""")));

        ConnectionCheck.Result result = RunAs.user(users, "root@tokentally.test", () -> check.run("bedrock", MODEL_ID));

        assertThat(result.ok()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.answer()).isEqualTo("Hello from Bedrock");
        // 12 input tokens at $3 and 2 output tokens at $15 per million.
        assertThat(result.cost()).isEqualByComparingTo("0.000066");
        signedWithSigV4("converse-stream");
        fakes.server.verify(postRequestedFor(urlPathMatching("/model/.+/converse-stream"))
                .withRequestBody(matchingJsonPath("$.inferenceConfig.maxTokens", equalTo(String.valueOf(ConnectionCheck.MAX_OUTPUT_TOKENS)))));
    }

    BigDecimal rawCost(String responseId) {
        return jdbc.sql("select raw_cost_usd from usage_event where idempotency_key like ?").param("%" + responseId)
                .query(BigDecimal.class).optional().orElse(null);
    }
}
