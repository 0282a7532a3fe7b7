package dev.tokentally.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.testsupport.CsvRows;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.UsageCsv;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The gateway's response cache, per organization, plain and streamed, and what its hits cost and save in the ledger. */
@TokentallyTest
class ResponseCacheTest extends GatewayTestSupport {

    private static final String CHAT = "/openai/v1/chat/completions";

    @Autowired
    TestClock clock;

    private final String prompt = "What is a token? " + UUID.randomUUID();

    private OpenAIClient openAi() {
        return OpenAIOkHttpClient.builder().apiKey(acmeKey).baseUrl(baseUrl() + "/v1").maxRetries(0).build();
    }

    private ChatCompletionCreateParams question() {
        return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(prompt).build();
    }

    private void cacheForAnHour() {
        settle(ApiKeySettings.DEFAULTS.withCacheTtlSeconds(3600));
    }

    private void providerAnswers(String id) {
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion(id,
                GatewayFakes.OPENAI_USAGE))));
    }

    private HttpResponse<String> ask(String key, Map<String, String> extraHeaders) throws Exception {
        Map<String, String> headers = new java.util.HashMap<>(extraHeaders);
        headers.put("Authorization", "Bearer " + key);
        return post("/v1/chat/completions", headers, """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"%s"}]}""".formatted(prompt));
    }

    private int providerCalls(String path) {
        return fakes.server.findAll(postRequestedFor(urlPathEqualTo(path))).size();
    }

    private List<Map<String, Object>> events() {
        return jdbc.sql("""
                        select id::text as id, cache_hit, billed_cost, billed_currency, saved, input_tokens, output_tokens
                        from usage_event where source = 'GATEWAY' order by recorded_at, cache_hit""").query().listOfRows();
    }

    @Test
    void the_second_identical_call_from_the_openai_sdk_is_answered_from_the_cache_and_the_provider_is_called_once() {
        cacheForAnHour();
        providerAnswers("chatcmpl-cache-1");

        HttpResponseFor<ChatCompletion> first = openAi().chat().completions().withRawResponse().create(question());
        HttpResponseFor<ChatCompletion> second = openAi().chat().completions().withRawResponse().create(question());

        assertThat(first.headers().values("x-tokentally-cache")).containsExactly("miss");
        assertThat(second.headers().values("x-tokentally-cache")).containsExactly("hit");
        assertThat(second.parse().id()).isEqualTo("chatcmpl-cache-1");
        assertThat(second.parse().choices().getFirst().message().content()).contains("Hello there!");
        assertThat(providerCalls(CHAT)).isEqualTo(1);
        List<Map<String, Object>> events = events();
        assertThat(events).hasSize(2);
        Map<String, Object> paid = events.get(0);
        Map<String, Object> hit = events.get(1);
        assertThat(paid).containsEntry("cache_hit", false).containsEntry("saved", null);
        assertThat((BigDecimal) paid.get("billed_cost")).isPositive();
        assertThat(hit).containsEntry("cache_hit", true).containsEntry("input_tokens", 0L).containsEntry("output_tokens", 0L);
        assertThat((BigDecimal) hit.get("billed_cost")).isZero();
        assertThat((BigDecimal) hit.get("saved")).isEqualByComparingTo((BigDecimal) paid.get("billed_cost"));
        assertThat(second.headers().values("x-tokentally-cost")).containsExactly("0");
        assertThat(second.headers().values("x-tokentally-event-id")).containsExactly((String) hit.get("id"));
        // The request log is written in the background, and a previous test's rows may land late: this test's two only.
        List<Boolean> logged = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                        "select cache_hit from request_log where usage_event_id in (?::uuid, ?::uuid) order by occurred_at")
                .params(paid.get("id"), hit.get("id")).query(Boolean.class).list(), rows -> rows.size() == 2);
        assertThat(logged).containsExactly(false, true);
    }

    @Test
    void a_streamed_hit_is_replayed_as_an_event_stream_the_openai_sdk_parses() {
        cacheForAnHour();
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.sse(GatewayFakes.openAiStream("chatcmpl-cache-s",
                "Hello", " from", " the cache"))));
        List<String> texts = new ArrayList<>();

        for (int call = 0; call < 2; call++) {
            StringBuilder text = new StringBuilder();
            try (var stream = openAi().chat().completions().createStreaming(question())) {
                stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
            }
            texts.add(text.toString());
        }

        assertThat(texts).containsExactly("Hello from the cache", "Hello from the cache");
        assertThat(providerCalls(CHAT)).isEqualTo(1);
        assertThat(events()).extracting(event -> event.get("cache_hit")).containsExactly(false, true);
    }

    @Test
    void a_streamed_call_is_not_answered_with_a_plain_answer_nor_the_other_way_round() throws Exception {
        cacheForAnHour();
        providerAnswers("chatcmpl-cache-plain");
        ask(acmeKey, Map.of());
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.sse(GatewayFakes.openAiStream("chatcmpl-cache-s2", "Hi"))));

        HttpResponse<String> streamed = post("/v1/chat/completions", Map.of("Authorization", "Bearer " + acmeKey), """
                {"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"%s"}]}""".formatted(prompt));

        assertThat(streamed.headers().firstValue("x-tokentally-cache")).contains("miss");
        assertThat(streamed.body()).startsWith("data: ").contains("[DONE]");
        assertThat(providerCalls(CHAT)).isEqualTo(2);
    }

    @Test
    void an_anthropic_messages_answer_is_cached_when_the_call_asks_for_it() throws Exception {
        fakes.server.stubFor(GatewayFakes.anthropic().willReturn(GatewayFakes.json(GatewayFakes.anthropicMessage("msg_cache_1"))));
        String body = """
                {"model":"claude-sonnet-4-5","max_tokens":256,"messages":[{"role":"user","content":"%s"}]}""".formatted(prompt);
        Map<String, String> headers = Map.of("x-api-key", acmeKey, "anthropic-version", "2023-06-01", "x-tokentally-cache", "use");

        HttpResponse<String> first = post("/v1/messages", headers, body);
        HttpResponse<String> second = post("/v1/messages", headers, body);

        assertThat(first.headers().firstValue("x-tokentally-cache")).contains("miss");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("x-tokentally-cache")).contains("hit");
        assertThat(parse(second.body())).isEqualTo(parse(first.body()));
        assertThat(providerCalls("/anthropic/v1/messages")).isEqualTo(1);
        assertThat(events()).extracting(event -> event.get("cache_hit")).containsExactly(false, true);
    }

    @Test
    void skip_neither_reads_nor_writes_and_refresh_calls_the_provider_and_replaces_the_answer() throws Exception {
        cacheForAnHour();
        providerAnswers("chatcmpl-first");
        ask(acmeKey, Map.of());
        providerAnswers("chatcmpl-second");

        HttpResponse<String> skipped = ask(acmeKey, Map.of("x-tokentally-cache", "skip"));
        HttpResponse<String> stillFirst = ask(acmeKey, Map.of());
        HttpResponse<String> refreshed = ask(acmeKey, Map.of("x-tokentally-cache", "refresh"));
        HttpResponse<String> nowSecond = ask(acmeKey, Map.of());

        assertThat(skipped.headers().firstValue("x-tokentally-cache")).isEmpty();
        assertThat(parse(skipped.body()).path("id").asString()).isEqualTo("chatcmpl-second");
        assertThat(parse(stillFirst.body()).path("id").asString()).isEqualTo("chatcmpl-first");
        assertThat(refreshed.headers().firstValue("x-tokentally-cache")).contains("miss");
        assertThat(parse(refreshed.body()).path("id").asString()).isEqualTo("chatcmpl-second");
        assertThat(nowSecond.headers().firstValue("x-tokentally-cache")).contains("hit");
        assertThat(parse(nowSecond.body()).path("id").asString()).isEqualTo("chatcmpl-second");
        assertThat(providerCalls(CHAT)).isEqualTo(3);
    }

    @Test
    void an_unknown_cache_mode_is_refused_before_the_provider_is_called() throws Exception {
        HttpResponse<String> refused = ask(acmeKey, Map.of("x-tokentally-cache", "always"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("'use', 'skip' or 'refresh'");
        assertThat(providerCalls(CHAT)).isZero();
    }

    @Test
    void an_answer_expires_after_its_time_to_live() throws Exception {
        settle(ApiKeySettings.DEFAULTS.withCacheTtlSeconds(60));
        providerAnswers("chatcmpl-expiring");
        ask(acmeKey, Map.of());

        clock.advance(Duration.ofSeconds(59));
        HttpResponse<String> fresh = ask(acmeKey, Map.of());
        clock.advance(Duration.ofSeconds(2));
        HttpResponse<String> expired = ask(acmeKey, Map.of());

        assertThat(fresh.headers().firstValue("x-tokentally-cache")).contains("hit");
        assertThat(expired.headers().firstValue("x-tokentally-cache")).contains("miss");
        assertThat(providerCalls(CHAT)).isEqualTo(2);
    }

    @Test
    void another_organization_never_gets_an_organizations_cached_answer() throws Exception {
        cacheForAnHour();
        providerAnswers("chatcmpl-acme-only");
        ask(acmeKey, Map.of());
        String globexKey = fixtures.apiKey("globex").secret();

        HttpResponse<String> globex = ask(globexKey, Map.of("x-tokentally-cache", "use"));

        assertThat(globex.statusCode()).isEqualTo(200);
        assertThat(globex.headers().firstValue("x-tokentally-cache")).contains("miss");
        assertThat(providerCalls(CHAT)).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from usage_event where cache_hit").query(Integer.class).single()).isZero();
    }

    @Test
    void a_hit_is_refused_when_the_key_may_no_longer_call_the_model() throws Exception {
        cacheForAnHour();
        providerAnswers("chatcmpl-then-forbidden");
        ask(acmeKey, Map.of());
        settle(new ApiKeySettings(ApiKeySettings.DEFAULTS.scopes(), List.of("openai/gpt-4o"), null, null, null, null, 3600));

        HttpResponse<String> refused = ask(acmeKey, Map.of());

        assertThat(refused.statusCode()).isIn(403, 404);
        assertThat(refused.headers().firstValue("x-tokentally-cache")).isEmpty();
        assertThat(jdbc.sql("select count(*) from usage_event where cache_hit").query(Integer.class).single()).isZero();
    }

    @Test
    void a_hit_holds_no_budget_and_is_answered_when_the_budget_has_no_room_for_the_call() throws Exception {
        cacheForAnHour();
        providerAnswers("chatcmpl-before-the-budget");
        ask(acmeKey, Map.of());
        hardBudget(new BigDecimal("0.000001"));

        HttpResponse<String> hit = ask(acmeKey, Map.of());

        assertThat(hit.statusCode()).isEqualTo(200);
        assertThat(hit.headers().firstValue("x-tokentally-cache")).contains("hit");
        assertThat(providerCalls(CHAT)).isEqualTo(1);
    }

    @Test
    void provider_errors_and_answers_larger_than_the_bound_are_not_kept() throws Exception {
        cacheForAnHour();
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\"}}")));
        ask(acmeKey, Map.of());
        ask(acmeKey, Map.of());
        assertThat(providerCalls(CHAT)).isEqualTo(2);

        String large = "x".repeat(1_100_000);
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion("chatcmpl-large",
                GatewayFakes.OPENAI_USAGE).replace("Hello there!", large))));
        HttpResponse<String> first = ask(acmeKey, Map.of());
        HttpResponse<String> second = ask(acmeKey, Map.of());

        assertThat(first.body()).contains(large);
        assertThat(second.headers().firstValue("x-tokentally-cache")).contains("miss");
        assertThat(providerCalls(CHAT)).isEqualTo(4);
        assertThat(jdbc.sql("select count(*) from gateway_response_cache").query(Integer.class).single()).isZero();
    }

    @Test
    void the_events_api_and_its_csv_show_the_hit_and_what_it_saved() throws Exception {
        cacheForAnHour();
        providerAnswers("chatcmpl-listed");
        ask(acmeKey, Map.of());
        ask(acmeKey, Map.of());
        BigDecimal cost = (BigDecimal) events().get(0).get("billed_cost");

        HttpResponse<String> json = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/api/v1/usage/events"))
                .header("Authorization", "Bearer " + acmeKey).header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> csv = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/api/v1/usage/events"))
                .header("Authorization", "Bearer " + acmeKey).header("Accept", "text/csv").build(), HttpResponse.BodyHandlers.ofString());

        JsonNode listed = parse(json.body()).path("events");
        JsonNode hit = listed.get(0).path("cache_hit").asBoolean() ? listed.get(0) : listed.get(1);
        JsonNode paid = hit == listed.get(0) ? listed.get(1) : listed.get(0);
        assertThat(hit.path("cost").path("amount").asString()).isEqualTo("0");
        assertThat(new BigDecimal(hit.path("saved").path("amount").asString())).isEqualByComparingTo(cost);
        assertThat(paid.path("cache_hit").asBoolean()).isFalse();
        assertThat(paid.path("saved").isNull()).isTrue();
        List<List<String>> rows = CsvRows.read(csv.body());
        int hitColumn = UsageCsv.HEADER.indexOf("cache_hit");
        int savedColumn = UsageCsv.HEADER.indexOf("saved");
        assertThat(rows.getFirst()).contains("cache_hit", "saved");
        List<String> hitRow = rows.stream().skip(1).filter(row -> row.get(hitColumn).equals("true")).findFirst().orElseThrow();
        assertThat(new BigDecimal(hitRow.get(savedColumn))).isEqualByComparingTo(cost);
    }

    @Test
    void twenty_identical_concurrent_calls_are_each_answered_once_and_recorded_once() throws Exception {
        cacheForAnHour();
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion(
                "chatcmpl-{{randomValue type='UUID'}}", GatewayFakes.OPENAI_USAGE)).withTransformers("response-template")));
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();

        try (ExecutorService callers = Executors.newFixedThreadPool(20)) {
            for (int call = 0; call < 20; call++) {
                answers.add(callers.submit((Callable<HttpResponse<String>>) () -> ask(acmeKey, Map.of())));
            }
        }

        int hits = 0;
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(parse(response.body()).path("choices").get(0).path("message").path("content").asString()).isEqualTo("Hello there!");
            hits += response.headers().firstValue("x-tokentally-cache").orElseThrow().equals("hit") ? 1 : 0;
        }
        List<Map<String, Object>> events = events();
        assertThat(events).hasSize(20);
        assertThat(events.stream().filter(event -> (Boolean) event.get("cache_hit")).count()).isEqualTo(hits);
        assertThat(providerCalls(CHAT)).isEqualTo(20 - hits);
        assertThat(jdbc.sql("select count(*) from gateway_response_cache").query(Integer.class).single()).isEqualTo(1);
        BigDecimal paid = (BigDecimal) events.stream().filter(event -> !(Boolean) event.get("cache_hit")).findFirst().orElseThrow()
                .get("billed_cost");
        events.stream().filter(event -> (Boolean) event.get("cache_hit"))
                .forEach(hit -> assertThat((BigDecimal) hit.get("saved")).isEqualByComparingTo(paid));
        assertThat(ask(acmeKey, Map.of()).headers().firstValue("x-tokentally-cache")).contains("hit");
    }
}
