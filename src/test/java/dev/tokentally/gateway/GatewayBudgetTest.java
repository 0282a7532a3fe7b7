package dev.tokentally.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import dev.tokentally.budgets.Budget;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The gateway passes the chat's budget gate: the worst case is reserved before the provider is called. */
@TokentallyTest
class GatewayBudgetTest extends GatewayTestSupport {

    static final String CALL = """
            {"model":"gpt-4o-mini","max_tokens":1000,"messages":[{"role":"user","content":"Write a long story"}]}""";

    @Test
    void fifty_concurrent_calls_against_room_for_ten_never_spend_past_the_limit() throws Exception {
        providerAnswersWithItsFullLimit();
        HttpResponse<String> first = chat(CALL);
        BigDecimal costOfOne = new BigDecimal(first.headers().firstValue("x-tokentally-cost").orElseThrow());
        Budget budget = hardBudgetWithRoomFor(10, costOfOne);

        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 50).mapToObj(i -> http.sendAsync(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                        .header("Authorization", "Bearer " + acmeKey).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(CALL)).build(), HttpResponse.BodyHandlers.ofString())).toList();
        List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();

        long answered = responses.stream().filter(response -> response.statusCode() == 200).count();
        List<HttpResponse<String>> refused = responses.stream().filter(response -> response.statusCode() == 429).toList();
        assertThat(answered).isEqualTo(10);
        assertThat(refused).hasSize(40);
        assertThat(spentOf(budget)).isLessThanOrEqualTo(budget.getAmount());
        assertThat(gatewayEvents()).isEqualTo(11);
        assertThat(fakes.server.getAllServeEvents()).hasSize(11);
        assertThat(jdbc.sql("select count(*) from budget_reservation").query(Integer.class).single()).isZero();
        var error = parse(refused.getFirst().body()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("budget_exceeded");
        assertThat(error.path("message").asString()).contains("Acme monthly", "left until");
    }

    @Test
    void a_call_whose_worst_case_does_not_fit_is_refused_before_the_provider_is_called() throws Exception {
        providerAnswersWithItsFullLimit();
        hardBudgetWithRoomFor(0, new BigDecimal("0.000001"));

        HttpResponse<String> response = messages("""
                {"model":"claude-sonnet-4-5","max_tokens":4000,"messages":[{"role":"user","content":"Hello"}]}""");

        assertThat(response.statusCode()).isEqualTo(429);
        var error = parse(response.body());
        assertThat(error.path("type").asString()).isEqualTo("error");
        assertThat(error.path("error").path("type").asString()).isEqualTo("rate_limit_error");
        assertThat(error.path("error").path("message").asString()).contains("Acme monthly");
        assertThat(fakes.server.getAllServeEvents()).isEmpty();
        assertThat(gatewayEvents()).isZero();
    }

    @Test
    void an_embedding_call_whose_input_does_not_fit_the_budget_is_refused_before_the_provider_is_called() throws Exception {
        acmeMayEmbed();
        hardBudgetWithRoomFor(0, new BigDecimal("0.000001"));

        HttpResponse<String> response = embeddings("{\"model\":\"gemini-embedding-001\",\"input\":\""
                + "a sentence to index for search ".repeat(2_000) + "\"}");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(parse(response.body()).path("error").path("code").asString()).isEqualTo("budget_exceeded");
        assertThat(fakes.server.getAllServeEvents()).isEmpty();
        assertThat(gatewayEvents()).isZero();
    }
}
