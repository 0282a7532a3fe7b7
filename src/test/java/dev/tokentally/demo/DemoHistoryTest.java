package dev.tokentally.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import dev.tokentally.budgets.BudgetStatus;
import dev.tokentally.budgets.Budgets;
import dev.tokentally.providersync.Reconciliations;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.ResetDatabaseListener;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

/** The demo's two months of history, loaded as a demo installation's first start loads it. */
@TokentallyTest
class DemoHistoryTest {

    /** Mid-December in Berlin: the history spans October to December. */
    private static final Instant NOW = Instant.parse("2026-12-16T14:30:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Autowired
    DemoHistory history;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;
    @Autowired
    Budgets budgets;
    @Autowired
    Reconciliations reconciliations;
    @Autowired
    UserDetailsService users;
    @Autowired
    ApplicationContext context;

    @Test
    void two_months_of_history_with_invoices_budgets_alerts_and_a_reconciliation_follow_from_the_ledger() {
        clock.set(NOW);
        long started = System.nanoTime();
        history.load();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        long events = jdbc.sql("select count(*) from usage_event").query(Long.class).single();
        System.out.printf("Demo history: %d events loaded in %d ms%n", events, took.toMillis());

        long acme = id("acme");
        LocalDate today = NOW.atZone(BERLIN).toLocalDate();
        assertThat(jdbc.sql("select min(day) from usage_daily where organization_id = ?").param(acme)
                .query(LocalDate.class).single()).isEqualTo(today.minusDays(59));
        assertThat(jdbc.sql("select count(distinct day) from usage_daily where organization_id = ?").param(acme)
                .query(Long.class).single()).isGreaterThanOrEqualTo(58);
        assertThat(jdbc.sql("select count(distinct provider) from usage_event where organization_id = ?").param(acme)
                .query(Long.class).single()).isEqualTo(4);
        assertThat(jdbc.sql("select count(*) from usage_event where provider = 'anthropic' and cached_input_tokens > 0")
                .query(Long.class).single()).isPositive();
        assertThat(jdbc.sql("select count(*) from usage_event where provider = 'anthropic' and cache_write_5m_tokens > 0")
                .query(Long.class).single()).isPositive();
        assertThat(jdbc.sql("select count(*) from usage_event where raw_cost_usd is null").query(Long.class).single())
                .as("every demo call is priced").isZero();
        assertThat(rollups()).isEqualTo(ledger());

        assertThat(jdbc.sql("""
                        select count(*) from chat_thread t join app_user u on u.id = t.user_id
                        where u.email in ('alice@acme.test', 'bob@acme.test')
                          and exists (select 1 from chat_message m where m.thread_id = t.id and m.usage_event_id is not null)""")
                .query(Long.class).single()).isEqualTo(5);

        LocalDate thisMonth = today.withDayOfMonth(1);
        assertThat(jdbc.sql("""
                        select count(*) from invoice where organization_id = ? and period_start = ? and status = 'PAID'
                          and number is not null and events > 0""")
                .params(acme, thisMonth.minusMonths(1)).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("""
                        select events from invoice where organization_id = ? and period_start = ? and status = 'DRAFT'""")
                .params(acme, thisMonth).query(Long.class).single())
                .isEqualTo(jdbc.sql("select count(*) from usage_event where organization_id = ? and occurred_at >= ?")
                        .params(acme, java.sql.Timestamp.from(thisMonth.atStartOfDay(BERLIN).toInstant())).query(Long.class).single());

        List<BudgetStatus> acmeBudgets = RunAs.user(users, "admin@acme.test", () -> budgets.list(acme));
        assertThat(acmeBudgets).anySatisfy(status -> {
            assertThat(status.budget().getName()).isEqualTo("Acme monthly");
            assertThat(status.percent()).isBetween(new BigDecimal("78"), new BigDecimal("79.99"));
        });
        assertThat(acmeBudgets).anySatisfy(status -> {
            assertThat(status.budget().getName()).isEqualTo("Bob's monthly allowance");
            assertThat(status.reached(100)).isTrue();
        });
        assertThat(jdbc.sql("""
                        select count(*) from mail_outbox m join budget_alert a on a.mail_id = m.id
                        where m.organization_id = ? and m.sent_at is null""")
                .param(acme).query(Long.class).single()).as("alert mails waiting in the outbox").isGreaterThanOrEqualTo(2);

        assertThat(RunAs.user(users, DemoHistory.PLATFORM_ADMIN_EMAIL, () -> reconciliations.mismatches())).isEqualTo(1);
    }

    @Test
    void two_loads_on_the_same_day_give_the_same_figures() {
        clock.set(NOW);
        history.load();
        String first = figures();
        ResetDatabaseListener.reset(context);
        clock.set(NOW);
        history.load();
        assertThat(figures()).isEqualTo(first);
    }

    private long id(String slug) {
        return fixtures.organization(slug);
    }

    private String ledger() {
        return jdbc.sql("""
                        select string_agg(concat_ws(' ', organization_id, n, tokens, cost), '; ' order by organization_id) from (
                          select organization_id, sum(request_count) n, sum(input_tokens + output_tokens) tokens, sum(billed_cost) cost
                          from usage_event group by organization_id) t""")
                .query(String.class).single();
    }

    private String rollups() {
        return jdbc.sql("""
                        select string_agg(concat_ws(' ', organization_id, n, tokens, cost), '; ' order by organization_id) from (
                          select organization_id, sum(requests) n, sum(input_tokens + output_tokens) tokens, sum(billed_cost) cost
                          from usage_daily group by organization_id) t""")
                .query(String.class).single();
    }

    private String figures() {
        return ledger() + " | " + jdbc.sql("""
                        select string_agg(concat_ws(' ', number, status, total), '; ' order by organization_id, period_start)
                        from invoice""").query(String.class).single()
                + " | " + jdbc.sql("select string_agg(concat_ws(' ', name, amount), '; ' order by name) from budget")
                .query(String.class).single();
    }
}
