package dev.tokentally.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

import dev.tokentally.budgets.Budget;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Calls refused by a used-up hard budget are the cheap path (issue 25): once the gate has found a budget used up, the
 * next calls it refuses are refused from memory, without the database; a raised budget admits calls again as soon as
 * any instance has changed it.
 */
@TokentallyTest
class GatewayUsedUpBudgetTest extends GatewayTestSupport {

    static final String CALL = """
            {"model":"gpt-4o-mini","max_tokens":1000,"messages":[{"role":"user","content":"Write a long story"}]}""";

    @Autowired
    DataSource dataSource;

    @Test
    void calls_refused_by_a_used_up_budget_do_not_wait_for_its_lock_in_the_database() throws Exception {
        Budget budget = usedUpBudget();
        assertThat(chat(CALL).statusCode()).as("found used up in the database").isEqualTo(429);

        try (Connection other = dataSource.getConnection(); Statement lock = other.createStatement()) {
            other.setAutoCommit(false);
            // As an admitted call holds it while it reserves: a refusal asked of the database would wait for it.
            lock.execute("select id from budget where id = " + budget.getId() + " for update");
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                    .header("Authorization", "Bearer " + acmeKey).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString(CALL)).build(),
                    HttpResponse.BodyHandlers.ofString());
            other.rollback();

            assertThat(refused.statusCode()).isEqualTo(429);
            var error = parse(refused.body()).path("error");
            assertThat(error.path("code").asString()).isEqualTo("budget_exceeded");
            assertThat(error.path("message").asString()).contains("Acme monthly", "is used up", "admin@acme.test");
        }
        assertThat(fakes.server.getAllServeEvents()).hasSize(1);
        assertThat(gatewayEvents()).isEqualTo(1);
    }

    @Test
    void a_used_up_budget_raised_by_its_admin_admits_the_very_next_call() throws Exception {
        Budget budget = usedUpBudget();
        assertThat(chat(CALL).statusCode()).isEqualTo(429);

        budget.setAmount(budget.getAmount().add(BigDecimal.ONE));
        RunAs.user(users, "admin@acme.test", () -> budgets.save(organization("acme"), budget));

        assertThat(chat(CALL).statusCode()).isEqualTo(200);
    }

    @Test
    void a_used_up_budget_raised_on_another_instance_admits_calls_as_soon_as_the_change_is_heard() throws Exception {
        Budget budget = usedUpBudget();
        assertThat(chat(CALL).statusCode()).isEqualTo(429);

        // Written past this instance's service, as another instance's would be; the test clock stands still, so only the
        // change's notification can make this instance forget what it remembered.
        jdbc.sql("update budget set amount = amount + 1 where id = ?").param(budget.getId()).update();

        await().atMost(Duration.ofSeconds(10)).until(() -> chat(CALL).statusCode() == 200);
    }

    /** A hard monthly budget on Acme that one answered call has used up to the last cent. */
    private Budget usedUpBudget() throws Exception {
        providerAnswersWithItsFullLimit();
        Budget budget = hardBudget(new BigDecimal("1000000"));
        assertThat(chat(CALL).statusCode()).isEqualTo(200);
        budget.setAmount(spentOf(budget).setScale(6, RoundingMode.DOWN)); // at the 6 decimals a budget holds
        return RunAs.user(users, "admin@acme.test", () -> budgets.save(organization("acme"), budget));
    }
}
