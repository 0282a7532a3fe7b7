package dev.tokentally.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import dev.tokentally.models.SpendGate;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.UsageRecorder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

/** The keeper of this instance's budget leases: a lease in use lives on; an idle one gives its headroom back. */
@TokentallyTest
class BudgetLeaseKeeperTest {

    @Autowired
    Budgets budgets;
    @Autowired
    BudgetGate gate;
    @Autowired
    BudgetLeases leases;
    @Autowired
    UsageRecorder recorder;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;

    @Test
    void a_lease_with_a_call_in_flight_is_renewed_and_an_idle_one_is_let_go() {
        BudgetTestSupport support = new BudgetTestSupport(budgets, recorder, users, fixtures);
        Budget budget = support.monthly("Acme hard limit", "1000000", Budget.Enforcement.HARD);
        SpendGate.SpendRequest call = new SpendGate.SpendRequest(support.acme(), support.alice(), null, null, fixtures.demoModel(),
                30, 1_000);

        SpendGate.Reservation inFlight = gate.reserve(call);
        assertThat(held(budget)).as("the first call took a lease with room for more").isGreaterThan(gate.worstCase(call).amount());
        clock.advance(BudgetLeases.LEASE_LIFETIME.minusSeconds(10));
        leases.keep();
        assertThat(expiresAt(budget)).as("renewed while a call is in flight")
                .isAfter(clock.instant().plus(BudgetLeases.LEASE_LIFETIME).minusSeconds(1));

        inFlight.release();
        clock.advance(BudgetLeases.KEEP_EVERY.plusSeconds(1));
        leases.keep();
        assertThat(held(budget)).as("idle and unused: its headroom is everyone's again").isZero();

        gate.reserve(call).release();
        assertThat(held(budget)).as("the next call takes a new lease").isPositive();
    }

    private BigDecimal held(Budget budget) {
        return jdbc.sql("select coalesce(sum(amount), 0) from budget_reservation where budget_id = ?").param(budget.getId())
                .query(BigDecimal.class).single();
    }

    private Instant expiresAt(Budget budget) {
        return jdbc.sql("select max(expires_at) from budget_reservation where budget_id = ?").param(budget.getId())
                .query(Timestamp.class).single().toInstant();
    }
}
