package dev.tokentally.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import com.github.tomakehurst.wiremock.client.WireMock;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.Map;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tokentally.models.CompatibleConnections;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An OpenAI-compatible server (Groq here) created at runtime by a platform admin: clients call its models as
 * groq/&lt;model&gt; through the official OpenAI SDK, the call reaches the server with the connection's key, and the
 * ledger prices it at the admin's price, or records it unpriced (never $0) when the model has none.
 */
@TokentallyTest
class CompatibleConnectionGatewayTest extends GatewayTestSupport {

    static final String GROQ_KEY = "gsk_platform_groq_51c2";

    @Autowired
    CompatibleConnections compatible;

    @BeforeEach
    void connectGroq() {
        RunAs.user(users, "root@tokentally.test", () -> compatible.save(new CompatibleConnections.Change("Groq", true,
                fakes.server.baseUrl() + "/groq/openai/v1", GROQ_KEY, "llama-3.1-8b=0.1/0.2,mystery-model", 10)));
        for (String model : new String[] {"llama-3.1-8b", "mystery-model"}) {
            long id = prices.model("groq", model).orElseThrow().modelId();
            RunAs.user(users, "admin@acme.test", () -> {
                modelAccess.setAllowed(organization("acme"), id, true);
                return null;
            });
        }
    }

    OpenAIClient sdk() {
        return OpenAIOkHttpClient.builder().apiKey(acmeKey).baseUrl(baseUrl() + "/v1").maxRetries(0).build();
    }

    static String groqCompletion(String id, String model) {
        return """
                {"id":"%s","object":"chat.completion","created":1763856000,"model":"%s",\
                "choices":[{"index":0,"message":{"role":"assistant","content":"Hi from Groq"},"logprobs":null,\
                "finish_reason":"stop"}],"usage":{"queue_time":0.02,"prompt_tokens":1200,"prompt_time":0.01,\
                "completion_tokens":350,"completion_time":0.3,"total_tokens":1550,"total_time":0.31},\
                "system_fingerprint":"fp_9ce7bd7bd3","x_groq":{"id":"req_01k"}}""".formatted(id, model);
    }

    @Test
    void the_official_sdk_calls_a_compatible_model_by_its_prefix_and_the_ledger_prices_it_at_the_admins_price() {
        fakes.server.stubFor(WireMock.post(urlPathEqualTo("/groq/openai/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + GROQ_KEY))
                .withRequestBody(matchingJsonPath("$.model", equalTo("llama-3.1-8b")))
                .willReturn(GatewayFakes.json(groqCompletion("chatcmpl-groq-1", "llama-3.1-8b"))));

        ChatCompletion answer = sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("groq/llama-3.1-8b").addUserMessage("Hello").build());

        assertThat(answer.choices().getFirst().message().content()).contains("Hi from Groq");
        Map<String, Object> event = event("chatcmpl-groq-1");
        assertThat(event).containsEntry("provider", "groq").containsEntry("model", "llama-3.1-8b")
                .containsEntry("input_tokens", 1200L).containsEntry("output_tokens", 350L);
        // 1,200 × $0.1 + 350 × $0.2 per million tokens.
        assertThat(rawCost("chatcmpl-groq-1")).isEqualByComparingTo(new BigDecimal("0.00019"));
        fakes.server.verify(1, postRequestedFor(urlPathEqualTo("/groq/openai/v1/chat/completions")));
    }

    @Test
    void a_model_without_a_price_is_recorded_unpriced_never_at_zero() {
        fakes.server.stubFor(WireMock.post(urlPathEqualTo("/groq/openai/v1/chat/completions"))
                .willReturn(GatewayFakes.json(groqCompletion("chatcmpl-groq-2", "mystery-model"))));

        sdk().chat().completions().create(ChatCompletionCreateParams.builder().model("groq/mystery-model")
                .addUserMessage("Hello").build());

        assertThat(event("chatcmpl-groq-2")).containsEntry("provider", "groq").containsEntry("input_tokens", 1200L)
                .containsEntry("billed_cost", null);
        assertThat(rawCost("chatcmpl-groq-2")).isNull();
        assertThat(jdbc.sql("select price_version_id from usage_event where idempotency_key like '%chatcmpl-groq-2'")
                .query(Long.class).optional()).isEmpty();
    }

    @Test
    void in_demo_mode_acmes_key_calls_a_new_connections_model_without_an_admin_allowing_it_and_globex_still_may_not() throws Exception {
        RunAs.user(users, "root@tokentally.test", () -> compatible.save(new CompatibleConnections.Change("Cerebras", true,
                fakes.server.baseUrl() + "/cerebras/v1", "csk-demo-1", "qwen-3-32b=0.4/0.8", 10)));
        fakes.server.stubFor(WireMock.post(urlPathEqualTo("/cerebras/v1/chat/completions"))
                .willReturn(GatewayFakes.json(groqCompletion("chatcmpl-cerebras-1", "qwen-3-32b"))));

        ChatCompletion answer = sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("cerebras/qwen-3-32b").addUserMessage("Hello").build());
        HttpResponse<String> globex = post("/v1/chat/completions", Map.of("Authorization", "Bearer "
                + fixtures.apiKey("globex").secret()), """
                {"model":"cerebras/qwen-3-32b","messages":[{"role":"user","content":"Hi"}]}""");

        assertThat(answer.choices().getFirst().message().content()).contains("Hi from Groq");
        // 1,200 × $0.4 + 350 × $0.8 per million tokens.
        assertThat(rawCost("chatcmpl-cerebras-1")).isEqualByComparingTo(new BigDecimal("0.00076"));
        assertThat(globex.statusCode()).as("Globex has not allowed the model").isEqualTo(403);
        fakes.server.verify(1, postRequestedFor(urlPathEqualTo("/cerebras/v1/chat/completions")));
    }

    BigDecimal rawCost(String responseId) {
        return jdbc.sql("select raw_cost_usd from usage_event where idempotency_key like ?").param("%" + responseId)
                .query(BigDecimal.class).optional().orElse(null);
    }
}
