package dev.tokentally.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import dev.tokentally.budgets.Budget;
import dev.tokentally.gateway.routing.GatewayRoutes;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A route's budget-aware downgrade (issue 27): above a share of the budget the cheaper model answers first, and a hard
 * budget that cannot hold the expensive model's worst case is tried with the cheaper one before the call is refused,
 * each call reserved and recorded at the price of the model that answered it.
 */
@TokentallyTest
class GatewayDowngradeTest extends GatewayTestSupport {

    static final String CALL = """
            {"model":"chat-default","max_tokens":1000,"messages":[{"role":"user","content":"Hello"}]}""";

    @Autowired
    GatewayRoutes gatewayRoutes;

    @BeforeEach
    void openAiAnswersAsTheModelCalledWithItsFullLimit() {
        long gpt4o = prices.model("openai", "gpt-4o").orElseThrow().modelId();
        RunAs.user(users, "admin@acme.test", () -> {
            modelAccess.setAllowed(organization("acme"), gpt4o, true);
            return null;
        });
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion(
                        "chatcmpl-{{randomValue type='UUID'}}", """
                                {"prompt_tokens":1,"completion_tokens":1000,"total_tokens":1001}""")
                .replace("gpt-4o-mini-2024-07-18", "{{jsonPath request.body '$.model'}}")).withTransformers("response-template")));
    }

    void route(int abovePercent) {
        RunAs.user(users, "admin@acme.test", () -> gatewayRoutes.importYaml(organization("acme"), """
                routes:
                  - name: chat-default
                    retries: 0
                    targets: [ { model: openai/gpt-4o } ]
                    downgrade: { above_percent: %d, to: openai/gpt-4o-mini }
                """.formatted(abovePercent)));
    }

    static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    BigDecimal cost(HttpResponse<String> response) {
        return new BigDecimal(header(response, "x-tokentally-cost"));
    }

    Budget softBudget(BigDecimal amount) {
        return RunAs.user(users, "admin@acme.test", () -> {
            Budget budget = new Budget();
            budget.setName("Acme monthly, watched");
            budget.setScope(Budget.Scope.ORGANIZATION);
            budget.setPeriod(Budget.Period.MONTHLY);
            budget.setAmount(amount);
            budget.setThresholds("80");
            budget.setEnforcement(Budget.Enforcement.SOFT);
            return budgets.save(organization("acme"), budget);
        });
    }

    Budget withAmount(Budget budget, BigDecimal amount) {
        budget.setAmount(amount);
        return RunAs.user(users, "admin@acme.test", () -> budgets.save(organization("acme"), budget));
    }

    @Test
    void above_80_percent_of_the_budget_the_route_calls_the_cheaper_model_recorded_at_its_price_on_its_connection() throws Exception {
        route(80);
        Budget budget = softBudget(new BigDecimal("1000"));

        HttpResponse<String> below = chat(CALL);

        assertThat(below.statusCode()).isEqualTo(200);
        assertThat(header(below, "x-tokentally-model")).isEqualTo("openai/gpt-4o");
        assertThat(header(below, "x-tokentally-downgraded")).isNull();
        assertThat(eventWithId(header(below, "x-tokentally-event-id"))).containsEntry("model", "gpt-4o");

        // What is spent now is 5/6 of the budget: above 80 %.
        withAmount(budget, spentOf(budget).multiply(new BigDecimal("1.2")).setScale(6, RoundingMode.HALF_UP));
        HttpResponse<String> above = chat(CALL);
        HttpResponse<String> direct = chat(CALL.replace("chat-default", "openai/gpt-4o-mini"));

        assertThat(above.statusCode()).isEqualTo(200);
        assertThat(header(above, "x-tokentally-model")).isEqualTo("openai/gpt-4o-mini");
        assertThat(header(above, "x-tokentally-attempts")).isEqualTo("1");
        assertThat(header(above, "x-tokentally-downgraded")).isEqualTo("true");
        Map<String, Object> event = eventWithId(header(above, "x-tokentally-event-id"));
        assertThat(event).containsEntry("provider", "openai").containsEntry("model", "gpt-4o-mini")
                .containsEntry("connection", "openai").containsEntry("estimated", false);
        assertThat(cost(above)).isEqualByComparingTo(cost(direct)).isLessThan(cost(below));
        assertThat(header(direct, "x-tokentally-downgraded")).isNull();
        assertThat(gatewayEvents()).isEqualTo(3);
    }

    @Test
    void a_hard_budget_too_small_for_the_expensive_models_worst_case_is_answered_by_the_cheaper_one_and_too_small_for_both_refused_at_no_cost()
            throws Exception {
        // Below the share (100 %) all along: what decides is whether the worst case fits.
        route(100);
        BigDecimal expensive = cost(chat(CALL.replace("chat-default", "openai/gpt-4o")));
        BigDecimal cheap = cost(chat(CALL.replace("chat-default", "openai/gpt-4o-mini")));
        assertThat(expensive).isGreaterThan(cheap.multiply(BigDecimal.TEN));
        // Room for one and a half of the cheaper model's calls, a tenth of the expensive one's.
        Budget budget = hardBudgetWithRoomFor(1, cheap);

        HttpResponse<String> answered = chat(CALL);

        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(header(answered, "x-tokentally-model")).isEqualTo("openai/gpt-4o-mini");
        assertThat(header(answered, "x-tokentally-downgraded")).isEqualTo("true");
        assertThat(eventWithId(header(answered, "x-tokentally-event-id"))).containsEntry("model", "gpt-4o-mini")
                .containsEntry("connection", "openai");
        assertThat(cost(answered)).isEqualByComparingTo(cheap);
        fakes.server.verify(1, postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.model",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("gpt-4o"))));
        fakes.server.resetRequests();

        HttpResponse<String> refused = chat(CALL);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(parse(refused.body()).path("error").path("message").asString()).contains("Acme monthly");
        fakes.server.verify(0, postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions")));
        assertThat(gatewayEvents()).isEqualTo(3);
        assertThat(spentOf(budget)).isLessThanOrEqualTo(budget.getAmount());
        assertThat(jdbc.sql("select count(*) from budget_reservation").query(Integer.class).single()).isZero();
    }

    @Test
    void thirty_concurrent_calls_around_the_threshold_never_spend_past_the_hard_limit() throws Exception {
        route(80);
        BigDecimal expensive = cost(chat(CALL.replace("chat-default", "openai/gpt-4o")));
        BigDecimal cheap = cost(chat(CALL.replace("chat-default", "openai/gpt-4o-mini")));
        // Below 80 % at first, room for two of the expensive model's calls and about ten of the cheaper one's after them.
        Budget budget = hardBudget(new BigDecimal("1000000"));
        budget = withAmount(budget, spentOf(budget).add(expensive.multiply(BigDecimal.TWO)).add(cheap.multiply(new BigDecimal("10.5")))
                .setScale(6, RoundingMode.HALF_UP));

        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 30).mapToObj(i -> http.sendAsync(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                        .header("Authorization", "Bearer " + acmeKey).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(CALL)).build(), HttpResponse.BodyHandlers.ofString())).toList();
        List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();

        assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).isIn(200, 429));
        List<HttpResponse<String>> answered = responses.stream().filter(response -> response.statusCode() == 200).toList();
        long cheaper = answered.stream().filter(response -> "openai/gpt-4o-mini".equals(header(response, "x-tokentally-model")))
                .count();
        // The expensive model alone fits at most twice: the cheaper one answered the rest of what fitted.
        assertThat(answered.size() - cheaper).isLessThanOrEqualTo(2);
        assertThat(cheaper).isGreaterThanOrEqualTo(5);
        assertThat(spentOf(budget)).isLessThanOrEqualTo(budget.getAmount());
        assertThat(gatewayEvents()).isEqualTo(answered.size() + 2);
        assertThat(jdbc.sql("select count(*) from usage_event where source = 'GATEWAY' and model = 'gpt-4o-mini'")
                .query(Long.class).single()).isEqualTo(cheaper + 1);
        assertThat(jdbc.sql("select count(*) from budget_reservation").query(Integer.class).single()).isZero();
    }
}
