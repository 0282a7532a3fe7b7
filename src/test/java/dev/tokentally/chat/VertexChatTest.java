package dev.tokentally.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentally.models.ProviderConnectionChange;
import dev.tokentally.models.VertexConnection;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.AnthropicStream;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.testsupport.VertexFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;

/** The chat answers with Gemini and Claude through Google Vertex AI when a platform admin prefers Vertex. */
@TokentallyTest
@WithUserDetails("alice@acme.test")
class VertexChatTest {

    @RegisterExtension
    static final VertexFake vertex = new VertexFake();

    @Autowired
    ChatThreads threads;
    @Autowired
    Answering answering;
    @Autowired
    VertexConnection connection;
    @Autowired
    UserDetailsService users;
    @Autowired
    Fixtures fixtures;

    /** Off again, so that no later test's Gemini or Claude call is routed to this fake. */
    @AfterEach
    void disconnectVertex() {
        RunAs.user(users, "root@tokentally.test", () -> connection.save(new ProviderConnectionChange(false, vertex.baseUrl(),
                null, 30), new VertexConnection.Settings(VertexFake.PROJECT, VertexFake.REGION, null, false)));
    }

    @Test
    void a_claude_model_answers_in_the_chat_through_a_preferred_vertex_and_is_metered_with_its_cache_tokens() {
        RunAs.user(users, "root@tokentally.test", () -> connection.save(new ProviderConnectionChange(true, vertex.baseUrl(),
                null, 30), new VertexConnection.Settings(VertexFake.PROJECT, VertexFake.REGION, vertex.serviceAccountJson(), true)));
        fixtures.allowModel("acme", "anthropic", "claude-sonnet-4-5-20250929");
        // The catalog's model is claude-sonnet-4-5 (its dated snapshot is the same model), which Vertex is called with.
        vertex.server.stubFor(VertexFake.claude("claude-sonnet-4-5", "streamRawPredict").willReturn(ProviderFakes.sse(
                AnthropicStream.of("msg_vrtx_chat_1", "claude-sonnet-4-5-20250929", 12_000, 0, "From", " Claude"))));
        AnswerProbe probe = new AnswerProbe();

        answering.ask(threads.create(null, fixtures.model("anthropic", "claude-sonnet-4-5-20250929")).id(), "Hello", probe);
        ChatMessage answer = probe.end();

        assertThat(answer.content()).isEqualTo("From Claude");
        assertThat(answer.usage().provider()).isEqualTo("anthropic");
        assertThat(answer.usage().tokens()).isEqualTo(new TokenCounts(3, 2048, 12_000, 0, 550, 0, 1));
        // 3 input × $3 + 2,048 cache reads × $0.30 + 12,000 cache writes × $3.75 + 550 output × $15 per million tokens.
        assertThat(answer.usage().cost().rawCostUsd()).isEqualByComparingTo("0.0538734");
        vertex.server.verify(postRequestedFor(urlPathEqualTo(VertexFake.location()
                        + "/publishers/anthropic/models/claude-sonnet-4-5:streamRawPredict"))
                .withHeader("Authorization", equalTo("Bearer " + VertexFake.TOKEN))
                .withoutHeader("x-api-key")
                .withRequestBody(matchingJsonPath("$.anthropic_version", equalTo("vertex-2023-10-16")))
                .withRequestBody(matchingJsonPath("$.model", absent())));
    }

    @Test
    void a_gemini_model_answers_in_the_chat_through_a_preferred_vertex_with_the_service_accounts_token() {
        RunAs.user(users, "root@tokentally.test", () -> connection.save(new ProviderConnectionChange(true, vertex.baseUrl(),
                null, 30), new VertexConnection.Settings(VertexFake.PROJECT, VertexFake.REGION, vertex.serviceAccountJson(), true)));
        fixtures.allowModel("acme", "google", "gemini-2.5-flash");
        vertex.server.stubFor(VertexFake.openAiChat().willReturn(ProviderFakes.sse(ProviderFakes.openAiStream("vrtx-chat-1",
                "google/gemini-2.5-flash", ProviderFakes.OPENAI_USAGE, "From", " Vertex"))));
        AnswerProbe probe = new AnswerProbe();

        answering.ask(threads.create(null, fixtures.model("google", "gemini-2.5-flash")).id(), "Hello", probe);
        ChatMessage answer = probe.end();

        assertThat(answer.content()).isEqualTo("From Vertex");
        assertThat(answer.usage().provider()).isEqualTo("google");
        assertThat(answer.usage().tokens()).isEqualTo(new TokenCounts(1200, 1024, 0, 0, 350, 128, 1));
        // 176 uncached × $0.30 + 1,024 cached × $0.03 + 350 output × $2.50 + 128 thinking × $2.50 per million tokens.
        assertThat(answer.usage().cost().rawCostUsd()).isEqualByComparingTo("0.00127852");
        vertex.server.verify(postRequestedFor(urlPathEqualTo(VertexFake.location() + "/endpoints/openapi/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + VertexFake.TOKEN))
                .withRequestBody(matchingJsonPath("$.model", equalTo("google/gemini-2.5-flash"))));
    }
}
