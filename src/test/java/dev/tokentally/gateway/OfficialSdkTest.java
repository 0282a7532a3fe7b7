package dev.tokentally.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Map;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;

/** The providers' official Java SDKs, pointed at the gateway, work as they do against the providers. */
@TokentallyTest
class OfficialSdkTest extends GatewayTestSupport {

    OpenAIClient openAi(String key) {
        return OpenAIOkHttpClient.builder().apiKey(key).baseUrl(baseUrl() + "/v1").maxRetries(0).build();
    }

    AnthropicClient anthropic() {
        return AnthropicOkHttpClient.builder().apiKey(acmeKey).baseUrl(baseUrl()).maxRetries(0).build();
    }

    @Test
    void openai_sdk_gets_an_answer_from_the_offline_demo_model_with_its_usage_and_cost() {
        HttpResponseFor<ChatCompletion> response = openAi(acmeKey).chat().completions().withRawResponse()
                .create(ChatCompletionCreateParams.builder().model("demo-mini").addUserMessage("What is a token?").build());

        ChatCompletion completion = response.parse();
        assertThat(completion.choices().getFirst().message().content().orElseThrow()).contains("What is a token?");
        long promptTokens = completion.usage().orElseThrow().promptTokens();
        long completionTokens = completion.usage().orElseThrow().completionTokens();
        assertThat(promptTokens).isPositive();
        assertThat(completionTokens).isGreaterThan(50);
        Map<String, Object> event = event(completion.id());
        assertThat(event).containsEntry("provider", "demo").containsEntry("input_tokens", promptTokens)
                .containsEntry("output_tokens", completionTokens).containsEntry("estimated", false);
        assertThat(new BigDecimal(response.headers().values("x-tokentally-cost").getFirst()))
                .isEqualByComparingTo((BigDecimal) event.get("billed_cost"));
    }

    @Test
    void openai_sdk_streams_through_the_gateway_and_the_call_is_billed_from_the_usage_it_did_not_see() {
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.sse(GatewayFakes.openAiStream("chatcmpl-sdk-1",
                "Hello", " from", " OpenAI"))));
        StringBuilder text = new StringBuilder();
        boolean[] sawUsage = {false};

        try (var stream = openAi(acmeKey).chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini").addUserMessage("Hello").build())) {
            stream.stream().forEach((ChatCompletionChunk chunk) -> {
                chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
                sawUsage[0] |= chunk.usage().isPresent();
            });
        }

        assertThat(text.toString()).isEqualTo("Hello from OpenAI");
        assertThat(sawUsage[0]).isFalse();
        assertThat(event("chatcmpl-sdk-1")).containsEntry("input_tokens", 1200L).containsEntry("output_tokens", 350L);
    }

    @Test
    void openai_sdk_sees_refusals_as_its_own_exceptions() {
        assertThatThrownBy(() -> openAi("tt_not-a-key").chat().completions().create(ChatCompletionCreateParams.builder()
                .model("demo-mini").addUserMessage("Hi").build())).isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> openAi(acmeKey).chat().completions().create(ChatCompletionCreateParams.builder()
                .model("no-such-model").addUserMessage("Hi").build())).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void openai_sdk_creates_embeddings_through_the_gateway_and_the_call_is_billed_per_input_token() {
        acmeMayEmbed();
        // Answered in the encoding the SDK asks for: base64 of little-endian float32 values, or the floats.
        ByteBuffer vector = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).putFloat(-0.25f).putFloat(0.125f);
        fakes.server.stubFor(GatewayFakes.googleEmbeddings().withRequestBody(matchingJsonPath("$.encoding_format", equalTo("base64")))
                .atPriority(1).willReturn(GatewayFakes.json(GatewayFakes.embeddings("gemini-embedding-001", 4,
                        "\"" + Base64.getEncoder().encodeToString(vector.array()) + "\""))));
        fakes.server.stubFor(GatewayFakes.googleEmbeddings().atPriority(2).willReturn(GatewayFakes.json(
                GatewayFakes.embeddings("gemini-embedding-001", 4, "[0.5,-0.25,0.125]"))));

        HttpResponseFor<CreateEmbeddingResponse> response = openAi(acmeKey).embeddings().withRawResponse()
                .create(EmbeddingCreateParams.builder().model("gemini-embedding-001").input("What is a token?").build());

        CreateEmbeddingResponse embeddings = response.parse();
        assertThat(embeddings.data().getFirst().embedding()).containsExactly(0.5f, -0.25f, 0.125f);
        assertThat(embeddings.usage().promptTokens()).isEqualTo(4);
        Map<String, Object> event = eventWithId(response.headers().values("x-tokentally-event-id").getFirst());
        assertThat(event).containsEntry("model", "gemini-embedding-001").containsEntry("input_tokens", 4L)
                .containsEntry("output_tokens", 0L);
        assertThat(new BigDecimal(response.headers().values("x-tokentally-cost").getFirst()))
                .isEqualByComparingTo((BigDecimal) event.get("billed_cost")).isPositive();
    }

    @Test
    void anthropic_sdk_gets_a_message_with_cache_usage_through_the_gateway() {
        fakes.server.stubFor(GatewayFakes.anthropic().willReturn(GatewayFakes.json(GatewayFakes.anthropicMessage("msg_01sdk"))));

        Message message = anthropic().messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5")
                .maxTokens(1024).addUserMessage("Hello").build());

        assertThat(message.content().getFirst().text().orElseThrow().text()).isEqualTo("Hello there!");
        assertThat(message.usage().cacheReadInputTokens()).contains(2048L);
        assertThat(event("msg_01sdk")).containsEntry("cached_input_tokens", 2048L).containsEntry("output_tokens", 550L);
    }

    @Test
    void anthropic_sdk_streams_the_offline_demo_model_and_the_call_is_billed() {
        StringBuilder text = new StringBuilder();
        String[] id = {null};
        long[] output = {0};

        try (StreamResponse<RawMessageStreamEvent> stream = anthropic().messages().createStreaming(MessageCreateParams.builder()
                .model("demo-mini").maxTokens(1024).addUserMessage("Stream me an answer").build())) {
            stream.stream().forEach(event -> {
                event.messageStart().ifPresent(start -> id[0] = start.message().id());
                event.contentBlockDelta().flatMap(delta -> delta.delta().text()).ifPresent(delta -> text.append(delta.text()));
                event.messageDelta().ifPresent(delta -> output[0] = delta.usage().outputTokens());
            });
        }

        assertThat(text.toString()).contains("Stream me an answer");
        assertThat(output[0]).isGreaterThan(50);
        assertThat(event(id[0])).containsEntry("provider", "demo").containsEntry("output_tokens", output[0])
                .containsEntry("estimated", false);
    }
}
