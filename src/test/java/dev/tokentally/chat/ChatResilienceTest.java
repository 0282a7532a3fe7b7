package dev.tokentally.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.tokentally.models.ProviderConnections;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.models.Tokenizer;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;

/**
 * What members see when providers misbehave, and what the ledger then holds: retries only before the
 * first token, failures recorded as nothing, a stopped answer billed as estimated, an open circuit
 * answering at once. Nothing is ever recorded twice.
 */
@TokentallyTest
@WithUserDetails("alice@acme.test")
class ChatResilienceTest {

    @RegisterExtension
    static ProviderFakes fakes = new ProviderFakes();
    private static final String OPENAI_PATH = "/openai/v1/chat/completions";

    @Autowired
    ChatThreads threads;
    @Autowired
    Answering answering;
    @Autowired
    ProviderConnections connections;
    @Autowired
    UserDetailsService users;
    @Autowired
    Tokenizer tokenizer;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    @BeforeEach
    void connectOpenAi() {
        fakes.connect(connections, users, ProviderKind.OPENAI, 30);
    }

    @Test
    void a_500_before_the_first_token_is_retried_and_the_answer_recorded_once() {
        fakes.server.stubFor(ProviderFakes.chatRequest(ProviderKind.OPENAI).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(500)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}"))
                .willSetStateTo("recovered"));
        fakes.server.stubFor(ProviderFakes.chatRequest(ProviderKind.OPENAI).inScenario("flaky")
                .whenScenarioStateIs("recovered").willReturn(ProviderFakes.sse(ProviderFakes.openAiStream("chatcmpl-retry1",
                        "gpt-4o-mini", ProviderFakes.OPENAI_USAGE, "Second", " try"))));

        ChatThread thread = openAiThread();
        ChatMessage answer = ask(thread, "Hello?");

        assertThat(answer.role()).isEqualTo(ChatMessage.Role.ASSISTANT);
        assertThat(answer.content()).isEqualTo("Second try");
        fakes.server.verify(2, postRequestedFor(urlPathEqualTo(OPENAI_PATH)));
        assertThat(eventsOf(thread)).isEqualTo(1);
    }

    @Test
    void a_429_with_retry_after_is_retried_and_succeeds() {
        fakes.server.stubFor(ProviderFakes.chatRequest(ProviderKind.OPENAI).inScenario("limited")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(429).withHeader("retry-after", "1")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}"))
                .willSetStateTo("open"));
        fakes.server.stubFor(ProviderFakes.chatRequest(ProviderKind.OPENAI).inScenario("limited")
                .whenScenarioStateIs("open").willReturn(ProviderFakes.sse(ProviderFakes.openAiStream("chatcmpl-after429",
                        "gpt-4o-mini", ProviderFakes.OPENAI_USAGE, "Made", " it"))));

        ChatThread thread = openAiThread();
        ChatMessage answer = ask(thread, "Are you busy?");

        assertThat(answer.content()).isEqualTo("Made it");
        fakes.server.verify(2, postRequestedFor(urlPathEqualTo(OPENAI_PATH)));
        assertThat(eventsOf(thread)).isEqualTo(1);
    }

    @Test
    void a_failure_after_tokens_arrived_is_shown_and_recorded_as_nothing_and_not_retried() {
        String broken = "data: {\"id\":\"chatcmpl-broken\",\"object\":\"chat.completion.chunk\",\"created\":1763856000,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Half an\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"id\":\"chatcmpl-broken\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"cont\n\n";
        fakes.server.stubFor(ProviderFakes.chatRequest(ProviderKind.OPENAI).willReturn(ProviderFakes.sse(broken)));

        ChatThread thread = openAiThread();
        AnswerProbe probe = new AnswerProbe();
        answering.ask(thread.id(), "Tell me everything", probe);
        ChatMessage failure = probe.end();

        assertThat(probe.tokens).containsExactly("Half an");
        assertThat(failure.role()).isEqualTo(ChatMessage.Role.ERROR);
        assertThat(eventsOf(thread)).isZero();
        fakes.server.verify(1, postRequestedFor(urlPathEqualTo(OPENAI_PATH)));
        assertThat(threads.messages(thread.id())).extracting(ChatMessage::role)
                .containsExactly(ChatMessage.Role.USER, ChatMessage.Role.ERROR);
    }

    @Test
    void a_timeout_fails_clearly_without_a_retry_or_a_charge() {
        fakes.connect(connections, users, ProviderKind.OPENAI, 1);
        fakes.server.stubFor(ProviderFakes.chatRequest(ProviderKind.OPENAI).willReturn(ProviderFakes.sse(
                ProviderFakes.openAiStream("chatcmpl-late", "gpt-4o-mini", ProviderFakes.OPENAI_USAGE, "Too late"))
                .withFixedDelay(2_500)));

        ChatThread thread = openAiThread();
        ChatMessage failure = ask(thread, "Quick!");

        assertThat(failure.role()).isEqualTo(ChatMessage.Role.ERROR);
        assertThat(failure.content()).contains("did not answer in time");
        fakes.server.verify(1, postRequestedFor(urlPathEqualTo(OPENAI_PATH)));
        assertThat(eventsOf(thread)).isZero();
    }

    @Test
    void after_repeated_failures_the_circuit_opens_and_answers_at_once_without_calling_the_provider() {
        fakes.server.stubFor(ProviderFakes.chatRequest(ProviderKind.OPENAI).willReturn(aResponse().withStatus(503)));
        ChatThread thread = openAiThread();

        assertThat(ask(thread, "One").content()).contains("503");
        // Each retry awaited to its end: a retry still in flight would call the provider after the count below.
        AnswerProbe first = new AnswerProbe();
        answering.retry(thread.id(), first);
        assertThat(first.end().role()).isEqualTo(ChatMessage.Role.ERROR);
        AnswerProbe second = new AnswerProbe();
        answering.retry(thread.id(), second);
        assertThat(second.end().role()).isEqualTo(ChatMessage.Role.ERROR);
        int requests = fakes.server.findAll(postRequestedFor(urlPathEqualTo(OPENAI_PATH))).size();
        assertThat(requests).as("three attempts per question, until the circuit opened").isBetween(5, 9);

        AnswerProbe refused = new AnswerProbe();
        answering.retry(thread.id(), refused);
        assertThat(refused.end().content()).isEqualTo("OpenAI is unavailable at the moment; try another model.");
        fakes.server.verify(requests, postRequestedFor(urlPathEqualTo(OPENAI_PATH)));
        assertThat(eventsOf(thread)).isZero();
    }

    @Test
    void rate_limits_never_open_the_circuit() {
        fakes.server.stubFor(ProviderFakes.chatRequest(ProviderKind.OPENAI).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}")));
        ChatThread thread = openAiThread();

        assertThat(ask(thread, "One").content()).contains("429");
        for (int i = 0; i < 3; i++) {
            AnswerProbe again = new AnswerProbe();
            answering.retry(thread.id(), again);
            again.end();
        }
        int requests = fakes.server.findAll(postRequestedFor(urlPathEqualTo(OPENAI_PATH))).size();
        assertThat(requests).as("three attempts per question, four questions").isEqualTo(12);

        AnswerProbe last = new AnswerProbe();
        answering.retry(thread.id(), last);
        assertThat(last.end().content()).as("still asked, still rate limited").contains("429")
                .doesNotContain("unavailable");
        fakes.server.verify(requests + 3, postRequestedFor(urlPathEqualTo(OPENAI_PATH)));
        assertThat(eventsOf(thread)).isZero();
    }

    @Test
    void stopping_keeps_what_arrived_and_bills_it_as_estimated_once() throws Exception {
        String[] parts = new String[40];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = "word" + i + " ";
        }
        fakes.server.stubFor(ProviderFakes.chatRequest(ProviderKind.OPENAI).willReturn(ProviderFakes.sse(
                ProviderFakes.openAiStream("chatcmpl-slow", "gpt-4o-mini", ProviderFakes.OPENAI_USAGE, parts))
                .withChunkedDribbleDelay(40, 4_000)));

        ChatThread thread = openAiThread();
        AnswerProbe probe = new AnswerProbe();
        Answering.Started started = answering.ask(thread.id(), "Count slowly", probe);
        probe.awaitFirstToken();
        started.answer().orElseThrow().stop();
        ChatMessage stopped = probe.end();

        assertThat(stopped.status()).isEqualTo(ChatMessage.Status.STOPPED);
        assertThat(stopped.content()).startsWith("word0").doesNotContain("word39");
        assertThat(stopped.usage().estimated()).isTrue();
        assertThat(stopped.usage().tokens().output()).isEqualTo(tokenizer.count(stopped.content()));
        assertThat(stopped.usage().tokens().input()).isEqualTo(tokenizer.countPrompt(java.util.List.of("Count slowly")));
        started.answer().orElseThrow().stop();
        assertThat(eventsOf(thread)).isEqualTo(1);
    }

    private ChatThread openAiThread() {
        return threads.create(null, fixtures.model("openai", "gpt-4o-mini"));
    }

    private ChatMessage ask(ChatThread thread, String question) {
        AnswerProbe probe = new AnswerProbe();
        answering.ask(thread.id(), question, probe);
        return probe.end();
    }

    private long eventsOf(ChatThread thread) {
        return jdbc.sql("select count(*) from usage_event where session_ref = ? and source = 'CHAT'")
                .param(String.valueOf(thread.id())).query(Long.class).single();
    }
}
