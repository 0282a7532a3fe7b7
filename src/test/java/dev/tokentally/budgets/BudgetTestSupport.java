package dev.tokentally.budgets;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.UUID;

import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import org.springframework.security.core.userdetails.UserDetailsService;

/** Budgets and usage of a known billed cost for Acme (EUR, 20 % markup, 0.92 EUR per USD), as tests need them. */
final class BudgetTestSupport {

    /** gpt-4o-mini output: USD 0.60 per 1M tokens; Acme pays × 1.2 × 0.92. */
    static final BigDecimal EUR_PER_OUTPUT_TOKEN = new BigDecimal("0.0000006").multiply(new BigDecimal("1.104"));

    private final Budgets budgets;
    private final UsageRecorder recorder;
    private final UserDetailsService users;
    private final Fixtures fixtures;

    BudgetTestSupport(Budgets budgets, UsageRecorder recorder, UserDetailsService users, Fixtures fixtures) {
        this.budgets = budgets;
        this.recorder = recorder;
        this.users = users;
        this.fixtures = fixtures;
    }

    long acme() {
        return fixtures.organization("acme");
    }

    long alice() {
        return fixtures.user("alice@acme.test");
    }

    Budget monthly(String name, String amount, Budget.Enforcement enforcement) {
        Budget budget = new Budget();
        budget.setName(name);
        budget.setAmount(new BigDecimal(amount));
        budget.setEnforcement(enforcement);
        return RunAs.user(users, "admin@acme.test", () -> budgets.save(acme(), budget));
    }

    /** Records a call by Alice billed at about {@code eur} (to the nearest output token). */
    void spend(String eur, Instant at) {
        long tokens = new BigDecimal(eur).divide(EUR_PER_OUTPUT_TOKEN, MathContext.DECIMAL64).longValue();
        recorder.record(acme(), new ReportedCall("test-" + UUID.randomUUID(), "openai", "gpt-4o-mini", TokenCounts.of(0, tokens),
                Attribution.of(alice(), null, null, null), null, at, null, null, false, UsageSource.API));
    }
}
