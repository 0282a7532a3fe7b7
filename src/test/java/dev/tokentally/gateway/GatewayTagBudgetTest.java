package dev.tokentally.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.budgets.Budget;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;

/** A hard budget on a tag holds the calls carrying that tag, and only those, even when they come all at once. */
@TokentallyTest
class GatewayTagBudgetTest extends GatewayTestSupport {

    static final String CALL = """
            {"model":"gpt-4o-mini","max_tokens":1000,"messages":[{"role":"user","content":"Write a long story"}]}""";

    @Test
    void forty_concurrent_tagged_calls_never_spend_past_the_tag_budget_and_untagged_calls_pass() throws Exception {
        providerAnswersWithItsFullLimit();
        HttpResponse<String> first = tagged("project=atlas");
        BigDecimal costOfOne = new BigDecimal(first.headers().firstValue("x-tokentally-cost").orElseThrow());
        Budget budget = tagBudget("project=atlas", costOfOne.multiply(BigDecimal.valueOf(10))
                .add(costOfOne.divide(BigDecimal.TWO)).add(costOfOne).setScale(6, RoundingMode.HALF_UP));

        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 40).mapToObj(i -> http.sendAsync(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                        .header("Authorization", "Bearer " + acmeKey).header("Content-Type", "application/json")
                        .header("x-tokentally-tags", "env=prod,project=atlas")
                        .POST(HttpRequest.BodyPublishers.ofString(CALL)).build(), HttpResponse.BodyHandlers.ofString())).toList();
        List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();

        List<HttpResponse<String>> refused = responses.stream().filter(response -> response.statusCode() == 429).toList();
        assertThat(responses.stream().filter(response -> response.statusCode() == 200)).hasSize(10);
        assertThat(refused).hasSize(30);
        assertThat(spentOf(budget)).isLessThanOrEqualTo(budget.getAmount());
        var error = parse(refused.getFirst().body()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("budget_exceeded");
        assertThat(error.path("message").asString()).contains("Atlas monthly", "tag project=atlas");

        // Calls without the tag, or with another value, are not held by it.
        assertThat(chat(CALL).statusCode()).isEqualTo(200);
        assertThat(tagged("project=borealis").statusCode()).isEqualTo(200);
        assertThat(tagged("project=atlas").statusCode()).isEqualTo(429);
        assertThat(gatewayEvents()).isEqualTo(13);
        assertThat(jdbc.sql("select count(*) from budget_reservation").query(Integer.class).single()).isZero();
    }

    @Test
    void a_tag_budget_needs_one_valid_key_value_tag() {
        for (String bad : new String[] {"", "project", "pro ject=atlas", "project=atlas,env=prod"}) {
            assertThatThrownBy(() -> tagBudget(bad, BigDecimal.TEN)).as(bad).isInstanceOf(FieldRejectedException.class)
                    .extracting(failure -> ((FieldRejectedException) failure).field()).isEqualTo("tag");
        }
        assertThat(tagBudget(" project = atlas ", BigDecimal.TEN).getTag()).isEqualTo("project=atlas");
    }

    private HttpResponse<String> tagged(String tags) throws Exception {
        return post("/v1/chat/completions", Map.of("Authorization", "Bearer " + acmeKey, "x-tokentally-tags", tags), CALL);
    }

    private Budget tagBudget(String tag, BigDecimal amount) {
        return RunAs.user(users, "admin@acme.test", () -> {
            Budget budget = new Budget();
            budget.setName("Atlas monthly");
            budget.setScope(Budget.Scope.TAG);
            budget.setTag(tag);
            budget.setPeriod(Budget.Period.MONTHLY);
            budget.setAmount(amount);
            budget.setThresholds("100");
            budget.setEnforcement(Budget.Enforcement.HARD);
            return budgets.save(organization("acme"), budget);
        });
    }
}
