package dev.tokentally.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.tokentally.base.CallTags;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

/** A budget on a tag counts the spend of the calls carrying the tag, and alerts on it as other budgets do. */
@TokentallyTest
class TagBudgetAlertsTest {

    @Autowired
    Budgets budgets;
    @Autowired
    BudgetAlerts alerts;
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
    void a_tag_budget_counts_only_tagged_spend_and_alerts_when_it_passes_a_threshold() {
        clock.set(Instant.parse("2026-11-20T10:00:00Z"));
        long acme = fixtures.organization("acme");
        Budget atlas = RunAs.user(users, "admin@acme.test", () -> {
            Budget budget = new Budget();
            budget.setName("Atlas monthly");
            budget.setScope(Budget.Scope.TAG);
            budget.setTag("project=atlas");
            budget.setAmount(new BigDecimal("10"));
            return budgets.save(acme, budget);
        });

        spend(acme, "6.00", Map.of());
        spend(acme, "3.00", Map.of("project", "borealis"));
        assertThat(jdbc.sql("select count(*) from mail_outbox").query(Long.class).single()).isZero();

        spend(acme, "5.50", Map.of("project", "atlas", "env", "prod"));

        assertThat(jdbc.sql("select subject from mail_outbox").query(String.class).list())
                .containsExactly("[Tokentally] Atlas monthly passed 50 % (EUR 5.50 of EUR 10.00)");
        BigDecimal spent = RunAs.user(users, "admin@acme.test", () -> budgets.list(acme).stream()
                .filter(status -> status.budget().getId().equals(atlas.getId())).findFirst().orElseThrow().spent().amount());
        assertThat(spent).isBetween(new BigDecimal("5.49"), new BigDecimal("5.51"));
    }

    /** A call billed at about {@code eur} (to the nearest output token), checked against the budgets. */
    private void spend(long acme, String eur, Map<String, String> tags) {
        long tokens = new BigDecimal(eur).divide(BudgetTestSupport.EUR_PER_OUTPUT_TOKEN, MathContext.DECIMAL64).longValue();
        recorder.record(acme, new ReportedCall("tag-" + UUID.randomUUID(), "openai", "gpt-4o-mini", TokenCounts.of(0, tokens),
                Attribution.of(null, "app", null, null), null, clock.instant(), null, null, false, UsageSource.API)
                .withTags(CallTags.of(tags)));
        alerts.lastCheck.join();
        alerts.check(acme);
    }
}
