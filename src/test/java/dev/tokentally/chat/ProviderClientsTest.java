package dev.tokentally.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import dev.tokentally.models.AzureConnection;
import dev.tokentally.models.BedrockConnection;
import dev.tokentally.testsupport.AwsEventStream;
import dev.tokentally.models.CompatibleConnections;
import dev.tokentally.models.ModelAccess;
import dev.tokentally.models.ProviderConnectionChange;
import dev.tokentally.models.ProviderConnections;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.pricing.CostCalculator;
import dev.tokentally.pricing.OrganizationPricing;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.PricedModel;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.UsageEvent;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;

/**
 * The real LangChain4j clients of every provider against faithful fakes of their streaming APIs: the
 * answer arrives token by token, and the recorded event carries exactly the usage the provider reported,
 * priced by the catalog.
 */
@TokentallyTest
@ExtendWith(OutputCaptureExtension.class)
@WithUserDetails("alice@acme.test")
class ProviderClientsTest {

    @RegisterExtension
    static ProviderFakes fakes = new ProviderFakes();

    @Autowired
    ChatThreads threads;
    @Autowired
    Answering answering;
    @Autowired
    ProviderConnections connections;
    @Autowired
    UserDetailsService users;
    @Autowired
    PriceLookup prices;
    @Autowired
    OrganizationPricing organizationPricing;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    CompatibleConnections compatible;
    @Autowired
    AzureConnection azure;
    @Autowired
    ModelAccess modelAccess;
    @Autowired
    BedrockConnection bedrock;

    @Test
    void openai_streams_and_its_final_usage_chunk_is_recorded_and_priced_as_worked_by_hand() {
        fakes.connect(connections, users, ProviderKind.OPENAI, 30);
        fakes.server.stubFor(ProviderFakes.chatRequest(ProviderKind.OPENAI).willReturn(ProviderFakes.sse(
                ProviderFakes.openAiStream("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "gpt-4o-mini-2024-07-18",
                        ProviderFakes.OPENAI_USAGE, "Hello", " there", "!"))));

        AnswerProbe probe = new AnswerProbe();
        ChatMessage answer = ask(thread("openai", "gpt-4o-mini"), "Say hello", probe);

        assertThat(probe.tokens).containsExactly("Hello", " there", "!");
        assertThat(answer.content()).isEqualTo("Hello there!");
        UsageEvent event = answer.usage();
        assertThat(event.idempotencyKey()).isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
        assertThat(event.source()).isEqualTo(UsageSource.CHAT);
        assertThat(event.estimated()).isFalse();
        assertThat(event.tokens()).isEqualTo(new TokenCounts(1200, 1024, 0, 0, 350, 128, 1));
        // 176 uncached × 0.15 + 1024 cached × 0.075 + 350 output (128 of them reasoning) × 0.60, per 1M tokens:
        assertThat(event.cost().rawCostUsd()).isEqualByComparingTo("0.0003132");
        // Acme: 20 % markup, EUR at 0.92 per USD.
        assertThat(event.cost().billedCost()).isEqualByComparingTo("0.0003457728");
        assertThat(event.cost().billedCurrency()).isEqualTo("EUR");
        fakes.server.verify(postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + ProviderFakes.OPENAI_KEY))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.stream_options.include_usage", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("Say hello"))));
    }

    @Test
    void anthropic_cache_reads_and_writes_are_recorded_beside_the_input() {
        fakes.connect(connections, users, ProviderKind.ANTHROPIC, 30);
        fakes.server.stubFor(ProviderFakes.chatRequest(ProviderKind.ANTHROPIC).willReturn(ProviderFakes.sse(
                ProviderFakes.anthropicStream("msg_01XFDUDYJgAACzvnptvVoYEL", "Bonjour", " à tous"))));

        ChatMessage answer = ask(thread("anthropic", "claude-sonnet-4-20250514"), "Greet in French", new AnswerProbe());

        assertThat(answer.content()).isEqualTo("Bonjour à tous");
        UsageEvent event = answer.usage();
        assertThat(event.idempotencyKey()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
        assertThat(event.tokens()).isEqualTo(new TokenCounts(3, 2048, 12304, 0, 550, 0, 1));
        assertPricedByCatalog(event);
        fakes.server.verify(postRequestedFor(urlPathEqualTo("/anthropic/v1/messages"))
                .withHeader("x-api-key", equalTo("key-anthropic"))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true"))));
    }

    @Test
    void openrouter_generation_id_is_the_idempotency_key() {
        fakes.connect(connections, users, ProviderKind.OPENROUTER, 30);
        fakes.server.stubFor(ProviderFakes.chatRequest(ProviderKind.OPENROUTER).willReturn(ProviderFakes.sse(
                ProviderFakes.openAiStream("gen-1763856000-Zx3qPx5pLrm1cRg8qYk2", "openai/gpt-4o-mini",
                        ProviderFakes.OPENROUTER_USAGE, "Routed", " answer"))));

        ChatMessage answer = ask(thread("openrouter", "openai/gpt-4o-mini"), "Route me", new AnswerProbe());

        UsageEvent event = answer.usage();
        assertThat(event.idempotencyKey()).isEqualTo("gen-1763856000-Zx3qPx5pLrm1cRg8qYk2");
        assertThat(event.tokens()).isEqualTo(new TokenCounts(10, 2, 0, 0, 15, 5, 1));
        assertPricedByCatalog(event);
    }

    @Test
    void gemini_thoughts_are_recorded_beside_the_output() {
        fakes.connect(connections, users, ProviderKind.GOOGLE, 30);
        fixtures.allowModel("acme", "google", "gemini-2.5-flash");
        fakes.server.stubFor(ProviderFakes.chatRequest(ProviderKind.GOOGLE).willReturn(ProviderFakes.sse(
                ProviderFakes.geminiStream("Thinking", " done"))));

        ChatMessage answer = ask(thread("google", "gemini-2.5-flash"), "Think", new AnswerProbe());

        assertThat(answer.content()).isEqualTo("Thinking done");
        UsageEvent event = answer.usage();
        assertThat(event.tokens()).isEqualTo(new TokenCounts(120, 64, 0, 0, 40, 30, 1));
        assertPricedByCatalog(event);
    }

    @Test
    void ollama_counts_are_recorded_under_a_generated_key_at_no_charge() {
        fakes.connect(connections, users, ProviderKind.OLLAMA, 30);
        fakes.server.stubFor(ProviderFakes.chatRequest(ProviderKind.OLLAMA).willReturn(com.github.tomakehurst.wiremock.client.WireMock
                .aResponse().withHeader("Content-Type", "application/x-ndjson").withBody(ProviderFakes.ollamaStream("Local", " llama"))));

        ChatMessage answer = ask(thread("ollama", "llama3.2"), "Run locally", new AnswerProbe());

        assertThat(answer.content()).isEqualTo("Local llama");
        UsageEvent event = answer.usage();
        assertThat(event.idempotencyKey()).startsWith("chat-");
        assertThat(event.tokens()).isEqualTo(TokenCounts.of(26, 282));
        assertThat(event.cost().billedCost()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void the_key_never_reaches_the_logs_even_when_the_provider_rejects_it(CapturedOutput output) {
        fakes.connect(connections, users, ProviderKind.OPENAI, 30);
        fakes.server.stubFor(ProviderFakes.chatRequest(ProviderKind.OPENAI).willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + ProviderFakes.OPENAI_KEY
                                + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")));
        AnswerProbe probe = new AnswerProbe();
        answering.ask(thread("openai", "gpt-4o-mini").id(), "Hello", probe);

        assertThat(probe.end().content()).isEqualTo("OpenAI refused the API key (401); ask a platform admin to check it.");
        assertThat(output.getAll()).doesNotContain(ProviderFakes.OPENAI_KEY);
    }

    @Test
    void an_openai_compatible_connection_answers_in_the_chat_and_is_priced_at_its_admins_price() {
        RunAs.user(users, "root@tokentally.test", () -> compatible.save(new CompatibleConnections.Change("Groq", true,
                fakes.baseUrl(ProviderKind.COMPATIBLE), "gsk_chat_key_77", "llama-3.1-8b=0.1/0.2", 30)));
        long llama = fixtures.model("groq", "llama-3.1-8b");
        RunAs.user(users, "admin@acme.test", () -> {
            modelAccess.setAllowed(fixtures.organization("acme"), llama, true);
            return null;
        });
        fakes.server.stubFor(ProviderFakes.chatRequest(ProviderKind.COMPATIBLE).willReturn(ProviderFakes.sse(
                ProviderFakes.openAiStream("chatcmpl-groq-chat-1", "llama-3.1-8b", ProviderFakes.OPENAI_USAGE, "Fast", " answer"))));

        ChatMessage answer = ask(threads.create(null, llama), "Be quick", new AnswerProbe());

        assertThat(answer.content()).isEqualTo("Fast answer");
        assertThat(answer.usage().provider()).isEqualTo("groq");
        // 1,200 input × $0.1 + 350 output × $0.2 per million tokens (no cached price: cached input at the input price).
        assertThat(answer.usage().cost().rawCostUsd()).isEqualByComparingTo("0.00019");
        fakes.server.verify(postRequestedFor(urlPathEqualTo("/compatible/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer gsk_chat_key_77"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("llama-3.1-8b"))));
    }

    @Test
    void the_chat_calls_a_preferred_azure_deployment_for_its_catalog_model_priced_as_that_model() {
        RunAs.user(users, "root@tokentally.test", () -> azure.save(new ProviderConnectionChange(true,
                fakes.baseUrl(ProviderKind.AZURE), "azure-chat-key-31", 30),
                new AzureConnection.Settings("2024-10-21", "mini=gpt-4o-mini", true)));
        fakes.server.stubFor(ProviderFakes.chatRequest(ProviderKind.AZURE).willReturn(ProviderFakes.sse(
                ProviderFakes.openAiStream("chatcmpl-azure-chat-1", "gpt-4o-mini-2024-07-18", ProviderFakes.OPENAI_USAGE,
                        "From", " Azure"))));

        ChatMessage answer = ask(thread("openai", "gpt-4o-mini"), "Hello", new AnswerProbe());

        assertThat(answer.content()).isEqualTo("From Azure");
        assertThat(answer.usage().provider()).isEqualTo("openai");
        assertThat(answer.usage().cost().rawCostUsd()).isEqualByComparingTo("0.0003132");
        fakes.server.verify(postRequestedFor(urlPathEqualTo("/azure/openai/deployments/mini/chat/completions"))
                .withQueryParam("api-version", equalTo("2024-10-21"))
                .withHeader("api-key", equalTo("azure-chat-key-31"))
                .withoutHeader("Authorization"));
    }

    @Test
    void the_chat_streams_a_bedrock_model_through_converse_stream_signed_by_the_aws_sdk_and_prices_its_cache_usage() {
        RunAs.user(users, "root@tokentally.test", () -> bedrock.save(new ProviderConnectionChange(true,
                fakes.baseUrl(ProviderKind.BEDROCK), "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", 30),
                new BedrockConnection.Settings("us-east-1", "AKIAIOSFODNN7EXAMPLE")));
        long model = fixtures.model("bedrock", "claude-sonnet-4-5-20250929-v1:0");
        RunAs.user(users, "admin@acme.test", () -> {
            modelAccess.setAllowed(fixtures.organization("acme"), model, true);
            return null;
        });
        byte[] events = new AwsEventStream()
                .event("messageStart", "{\"role\":\"assistant\"}")
                .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"From\"}}")
                .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\" Bedrock\"}}")
                .event("contentBlockStop", "{\"contentBlockIndex\":0}")
                .event("messageStop", "{\"stopReason\":\"end_turn\"}")
                .event("metadata", "{\"metrics\":{\"latencyMs\":640},\"usage\":{\"inputTokens\":176,\"outputTokens\":350,"
                        + "\"totalTokens\":2062,\"cacheReadInputTokens\":1024,\"cacheWriteInputTokens\":512}}")
                .bytes();
        fakes.server.stubFor(ProviderFakes.chatRequest(ProviderKind.BEDROCK).willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                        .withHeader("Content-Type", AwsEventStream.CONTENT_TYPE).withBody(events)));
        try {
            ChatMessage answer = ask(thread("bedrock", "claude-sonnet-4-5-20250929-v1:0"), "Hello", new AnswerProbe());

            assertThat(answer.content()).isEqualTo("From Bedrock");
            // 176 input × $3 + 1,024 cache reads × $0.30 + 512 cache writes × $3.75 + 350 output × $15 per million tokens.
            assertThat(answer.usage().cost().rawCostUsd()).isEqualByComparingTo("0.0080052");
            fakes.server.verify(postRequestedFor(urlPathMatching("/model/anthropic\\.claude-sonnet-4-5-20250929-v1(:|%3A)0/converse-stream"))
                    .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.matching(
                            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/[0-9]{8}/us-east-1/bedrock/aws4_request, .*")));
        } finally {
            RunAs.user(users, "root@tokentally.test", () -> connections.update(ProviderKind.BEDROCK,
                    new ProviderConnectionChange(false, null, "", 30)));
        }
    }

    private ChatThread thread(String provider, String model) {
        return threads.create(null, fixtures.model(provider, model));
    }

    private ChatMessage ask(ChatThread thread, String question, AnswerProbe probe) {
        answering.ask(thread.id(), question, probe);
        ChatMessage answer = probe.end();
        assertThat(answer.role()).as(answer.content()).isEqualTo(ChatMessage.Role.ASSISTANT);
        assertThat(probe.totals.cost().amount()).isEqualByComparingTo(answer.usage().cost().billedCost());
        return answer;
    }

    private void assertPricedByCatalog(UsageEvent event) {
        PricedModel model = prices.model(event.provider(), event.model()).orElseThrow();
        BigDecimal raw = CostCalculator.price(event.tokens(), model.semantics(), model.versionAt(event.occurredAt())).total();
        assertThat(raw.signum()).isPositive();
        assertThat(event.cost().rawCostUsd()).isEqualByComparingTo(raw);
        long tokens = event.tokens().input() + event.tokens().output();
        assertThat(event.cost().billedCost()).isEqualByComparingTo(organizationPricing.termsAt(event.organizationId(), event.occurredAt())
                .bill(raw, 0, tokens).amount());
    }
}
