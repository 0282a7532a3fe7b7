package dev.tokentally.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import dev.tokentally.testsupport.RunAs;
import dev.tokentally.budgets.Budget;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Budget leases: far from its limit a hard budget is held by this instance's lease, so calls are admitted from memory and
 * wait on no database lock (no other instance's transaction can hold them up); nearer the limit every call is held on its
 * own, and the limit holds exactly beside another instance's lease.
 */
@TokentallyTest
class GatewayBudgetLeaseTest extends GatewayTestSupport {

    static final String CALL = """
            {"model":"gpt-4o-mini","max_tokens":1000,"messages":[{"role":"user","content":"Write a long story"}]}""";

    @Autowired
    DataSource dataSource;

    @Test
    void calls_held_by_a_lease_are_answered_while_another_transaction_holds_the_budget_locked() throws Exception {
        providerAnswersWithItsFullLimit();
        Budget budget = hardBudget(new BigDecimal("1000000"));
        assertThat(chat(CALL).statusCode()).as("the first call takes the lease").isEqualTo(200);

        try (Connection other = dataSource.getConnection()) {
            // What another instance's gate does while it reserves: the budget's row lock, held here until the calls are done.
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("select id from budget where id = ? for update")) {
                lock.setLong(1, budget.getId());
                lock.executeQuery().close();
            }
            List<HttpResponse<String>> answered = IntStream.range(0, 5).mapToObj(i -> http.sendAsync(request(CALL)
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())).toList()
                    .stream().map(CompletableFuture::join).toList();
            assertThat(answered).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
            other.rollback();
        }
        assertThat(gatewayEvents()).isEqualTo(6);
        assertThat(spentOf(budget)).isEqualByComparingTo(gatewaySpend());
    }

    @Test
    void beside_another_instances_lease_the_limit_holds_exactly_under_two_hundred_concurrent_calls() throws Exception {
        providerAnswersWithItsFullLimit();
        HttpResponse<String> first = chat(CALL);
        BigDecimal costOfOne = new BigDecimal(first.headers().firstValue("x-tokentally-cost").orElseThrow());
        // Room for 150 calls beside another instance's lease of 1,000 calls' worth: enough for leases of our own at first.
        Budget budget = hardBudgetWithRoomFor(1_150, costOfOne);
        BigDecimal othersLease = costOfOne.multiply(BigDecimal.valueOf(1_000));
        UUID othersLeaseId = UUID.randomUUID();
        jdbc.sql("insert into budget_reservation (call_id, budget_id, amount, expires_at) values (?, ?, ?, ?)")
                .params(othersLeaseId, budget.getId(), othersLease, Timestamp.from(Instant.now().plus(Duration.ofMinutes(20))))
                .update();
        int providerCallsBefore = fakes.server.getAllServeEvents().size();

        List<HttpResponse<String>> responses = IntStream.range(0, 200).mapToObj(i -> http.sendAsync(request(CALL).build(),
                HttpResponse.BodyHandlers.ofString())).toList().stream().map(CompletableFuture::join).toList();

        long answered = responses.stream().filter(response -> response.statusCode() == 200).count();
        assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).isIn(200, 429));
        assertThat(answered).as("every call there was room for, and not one more").isEqualTo(150);
        assertThat(spentOf(budget).add(othersLease)).isLessThanOrEqualTo(budget.getAmount());
        assertThat(fakes.server.getAllServeEvents().size() - providerCallsBefore).as("refused calls never reach the provider")
                .isEqualTo(150);
        assertThat(gatewayEvents()).isEqualTo(151);
        assertThat(jdbc.sql("select count(*) from budget_reservation where call_id <> ?").param(othersLeaseId)
                .query(Integer.class).single()).as("no call holds a reservation of its own once all ended; at most our lease")
                .isLessThanOrEqualTo(1);
    }

    @Test
    void a_budget_lowered_below_its_spend_refuses_the_next_call_though_the_lease_had_room() throws Exception {
        providerAnswersWithItsFullLimit();
        Budget budget = hardBudget(new BigDecimal("1000000"));
        assertThat(chat(CALL).statusCode()).isEqualTo(200);
        assertThat(chat(CALL).statusCode()).as("from the lease").isEqualTo(200);

        budget.setAmount(spentOf(budget).divide(BigDecimal.TWO, 6, RoundingMode.DOWN));
        RunAs.user(users, "admin@acme.test", () -> budgets.save(organization("acme"), budget));

        HttpResponse<String> refused = chat(CALL);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(parse(refused.body()).path("error").path("code").asString()).isEqualTo("budget_exceeded");
        assertThat(gatewayEvents()).isEqualTo(2);
    }

    private HttpRequest.Builder request(String body) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + acmeKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
