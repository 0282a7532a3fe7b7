package dev.tokentally.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import dev.tokentally.accounts.Role;
import dev.tokentally.accounts.UserAccount;
import dev.tokentally.accounts.UserAccountService;
import dev.tokentally.base.Money;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.demo.DemoHistory;
import dev.tokentally.invoicing.Invoice;
import dev.tokentally.invoicing.Invoices;
import dev.tokentally.organizations.Organization;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.ViewTest;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;

/** Home per role on the demo's history: the figures shown are the ledger's. */
class HomeViewTest extends ViewTest {

    private static final Instant NOW = Instant.parse("2026-12-16T14:30:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Autowired
    DemoHistory history;
    @Autowired
    TestClock clock;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    UserDetailsService users;
    @Autowired
    OrganizationService organizations;
    @Autowired
    UserAccountService accounts;
    @Autowired
    Invoices invoices;
    @Autowired
    UsageRecorder recorder;

    private void loadHistory() {
        clock.set(NOW);
        history.load();
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void a_member_sees_her_own_spend_what_her_budgets_leave_and_her_recent_chats() {
        loadHistory();
        navigate(HomeView.class);

        long alice = userId("alice@acme.test");
        LocalDate today = NOW.atZone(BERLIN).toLocalDate();
        assertThat(figure("today-cost")).isEqualTo(billed("user_id = " + alice, today, today));
        assertThat(figure("month-cost")).isEqualTo(billed("user_id = " + alice, today.withDayOfMonth(1), today));
        assertThat(figure("allowance")).contains("left of Acme monthly");
        String threads = $(UnorderedList.class).withId("recent-threads").single().getElement().getTextRecursively();
        assertThat(threads).contains("Summarize in three bullet points", "What is the difference between cached input")
                .doesNotContain("Explain idempotency keys");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_sees_the_month_against_the_last_its_forecast_budgets_at_risk_alerts_and_top_spenders() {
        loadHistory();
        navigate(HomeView.class);

        LocalDate today = NOW.atZone(BERLIN).toLocalDate();
        LocalDate first = today.withDayOfMonth(1);
        assertThat(figure("today-cost")).isEqualTo(billed("true", today, today));
        assertThat(figure("month-cost")).isEqualTo(billed("true", first, today));
        // The demo issued last month's invoice: Home shows its net subtotal (lines rounded one by one) and says so.
        Invoice lastMonth = invoices.invoiceOf(acme(), first.minusMonths(1), first.minusDays(1)).orElseThrow();
        assertThat(figure("last-month-cost")).isEqualTo(MoneyText.format(new Money(lastMonth.amounts().subtotal(), "EUR")));
        assertThat(figure("last-month-cost-note")).isEqualTo("invoiced, net of tax · " + lastMonth.number());
        BigDecimal month = sum("true", first, today);
        Instant start = first.atStartOfDay(BERLIN).toInstant();
        BigDecimal forecast = month.multiply(BigDecimal.valueOf(Duration.between(start, first.plusMonths(1).atStartOfDay(BERLIN)
                .toInstant()).toSeconds())).divide(BigDecimal.valueOf(Duration.between(start, NOW).toSeconds()), MathContext.DECIMAL64);
        assertThat(figure("forecast")).isEqualTo(MoneyText.format(new Money(forecast, "EUR").rounded()));

        Grid<?> atRisk = $(Grid.class).withId("budgets-at-risk").single();
        assertThat(test(atRisk).size()).isEqualTo(2);
        assertThat(test(atRisk).getCellText(0, 0)).isEqualTo("Bob's monthly allowance");
        assertThat(test(atRisk).getCellText(1, 0)).isEqualTo("Acme monthly");
        Grid<?> alerts = $(Grid.class).withId("recent-alerts").single();
        assertThat(test(alerts).size()).isPositive();
        assertThat(test(alerts).getCellText(0, 3)).isEqualTo("in the outbox");
        Grid<?> models = $(Grid.class).withId("top-models").single();
        assertThat(test(models).getCellText(0, 2)).isEqualTo(MoneyText.format(new Money(jdbc.sql("""
                        select sum(billed_cost) from usage_daily where organization_id = ? and day between ? and ?
                        group by provider, model order by sum(billed_cost) desc limit 1""")
                .params(acme(), first, today).query(BigDecimal.class).single(), "EUR").rounded()));
        assertThat($(Grid.class).withId("top-members").single()).isNotNull();
        Grid<?> teams = $(Grid.class).withId("top-teams").single();
        List<String> ledgerByTeam = jdbc.sql("""
                        select coalesce(t.name, 'no team'), sum(e.billed_cost) from usage_event e left join team t on t.id = e.team_id
                        where e.organization_id = ? and e.occurred_at >= ? and e.occurred_at < ?
                        group by 1 order by 2 desc, sum(e.input_tokens + e.output_tokens) desc limit 5""")
                .params(acme(), Timestamp.from(start), Timestamp.from(today.plusDays(1).atStartOfDay(BERLIN).toInstant()))
                .query((rs, row) -> rs.getString(1) + " " + MoneyText.format(new Money(rs.getBigDecimal(2), "EUR").rounded()))
                .list();
        assertThat(ledgerByTeam).as("the demo's members are in teams").anyMatch(line -> line.startsWith("Research "));
        assertThat(IntStream.range(0, test(teams).size())
                .mapToObj(row -> test(teams).getCellText(row, 0) + " " + test(teams).getCellText(row, 2)).toList())
                .isEqualTo(ledgerByTeam);
        assertThat($(Paragraph.class).withId("usage-empty").all()).isEmpty();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void without_an_issued_invoice_last_month_is_shown_as_usage_not_invoiced_yet() {
        loadHistory();
        LocalDate first = NOW.atZone(BERLIN).toLocalDate().withDayOfMonth(1);
        Invoice lastMonth = invoices.invoiceOf(acme(), first.minusMonths(1), first.minusDays(1)).orElseThrow();
        invoices.voidInvoice(lastMonth.id(), "Billed to the wrong address");

        navigate(HomeView.class);

        assertThat(figure("last-month-cost")).isEqualTo(billedRounded(first.minusMonths(1), first.minusDays(1)));
        assertThat(figure("last-month-cost-note")).isEqualTo("usage, net of tax, not invoiced yet");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void with_last_month_drafted_home_shows_the_drafts_net_subtotal_as_the_invoice_does() {
        loadHistory();
        LocalDate first = NOW.atZone(BERLIN).toLocalDate().withDayOfMonth(1);
        Invoice issued = invoices.invoiceOf(acme(), first.minusMonths(1), first.minusDays(1)).orElseThrow();
        invoices.voidInvoice(issued.id(), "Billed to the wrong address");
        Invoice draft = invoices.createDraft(acme(), first.minusMonths(1), first.minusDays(1));

        navigate(HomeView.class);

        // The draft's subtotal (lines rounded one by one), not the usage rounded once, which differs by a cent or so.
        assertThat(figure("last-month-cost")).isEqualTo(MoneyText.format(new Money(draft.amounts().subtotal(), "EUR")));
        assertThat(figure("last-month-cost-note")).isEqualTo("draft invoice, net of tax");
    }

    @Test
    @WithUserDetails(DemoHistory.PLATFORM_ADMIN_EMAIL)
    void a_platform_admin_sees_every_organizations_spend_sync_health_and_open_mismatches() {
        loadHistory();
        navigate(HomeView.class);

        Grid<?> spend = $(Grid.class).withId("organization-spend").single();
        assertThat(test(spend).size()).isEqualTo(3);
        assertThat(test(spend).getCellText(0, 0)).isEqualTo("Acme Corp");
        LocalDate today = NOW.atZone(BERLIN).toLocalDate();
        assertThat(test(spend).getCellText(0, 2)).isEqualTo(billedRounded(today.withDayOfMonth(1), today));
        assertThat($(UnorderedList.class).withId("sync-health").single().getElement().getTextRecursively())
                .contains("usage-sync: succeeded", "1 mismatches", "1 provider account");
        assertThat($(Anchor.class).withId("open-mismatches").single().getText()).isEqualTo("Reconciliation: 1 open mismatch");
    }

    @Test
    void a_new_organization_sees_empty_states() {
        UserAccount admin = RunAs.user(users, DemoHistory.PLATFORM_ADMIN_EMAIL, () -> {
            Organization draft = new Organization();
            draft.setName("Initrode");
            draft.setSlug("initrode");
            draft.setTimeZone("Europe/London");
            draft.setCurrency("GBP");
            draft.setMarkupPercent(BigDecimal.ZERO);
            Organization initrode = organizations.create(draft);
            UserAccount user = new UserAccount();
            user.setEmail("peter@initrode.test");
            user.setDisplayName("Peter Gibbons");
            user.setRole(Role.ORG_ADMIN);
            return accounts.create(user, initrode.getId(), "tps-reports-1");
        });
        RunAs.user(users, admin.getEmail(), () -> {
            navigate(HomeView.class);
            assertThat(figure("month-cost")).isEqualTo("GBP 0.00");
            assertThat(figure("forecast")).isEqualTo("—");
            assertThat($(Paragraph.class).withId("usage-empty").single().getText()).startsWith("No usage this month yet.");
            assertThat($(Paragraph.class).withId("budgets-empty").single().getText()).isEqualTo("No budget is near its limit.");
            assertThat($(Paragraph.class).withId("alerts-empty").single().getText()).isEqualTo("No budget alerts yet.");
            assertThat($(Paragraph.class).withId("top-models-empty").single().getText()).isEqualTo("Nothing this month yet.");
            return null;
        });
    }

    @Test
    @WithUserDetails("carol@initech.test")
    void a_member_of_a_prepaid_organization_sees_its_balance_burn_down_live() {
        navigate(HomeView.class);
        assertThat(figure("wallet-balance")).isEqualTo("EUR 5.00");
        assertThat(figure("wallet-balance-note")).isEqualTo("No usage lately: the balance is not running down");

        recorder.record(fixtures.organization("initech"), new ReportedCall(UUID.randomUUID().toString(), "openai", "gpt-4o-mini",
                TokenCounts.of(1_000_000, 100_000), Attribution.of(null, null, null, null), null, clock.instant(), null, null,
                false, UsageSource.CHAT));

        await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> {
            runPushedChanges();
            return !figure("wallet-balance").equals("EUR 5.00");
        });
        assertThat(figure("wallet-balance-note")).matches("Runs out in ~\\d+ days? at this rate");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void a_postpaid_organization_has_no_balance_card() {
        navigate(HomeView.class);

        assertThat($(Span.class).withId("wallet-balance").all()).isEmpty();
    }

    private String figure(String id) {
        return $(Span.class).withId(id).single().getText();
    }

    private long acme() {
        return fixtures.organization("acme");
    }

    private long userId(String email) {
        return fixtures.user(email);
    }

    /** The ledger's billed cost of Acme's events on the Berlin days, as Home formats a figure. */
    private String billed(String condition, LocalDate from, LocalDate to) {
        return MoneyText.format(new Money(sum(condition, from, to), "EUR"));
    }

    private String billedRounded(LocalDate from, LocalDate to) {
        return MoneyText.format(new Money(sum("true", from, to), "EUR").rounded());
    }

    private BigDecimal sum(String condition, LocalDate from, LocalDate to) {
        return jdbc.sql("select coalesce(sum(billed_cost), 0) from usage_event where organization_id = ? and " + condition
                        + " and occurred_at >= ? and occurred_at < ?")
                .params(acme(), Timestamp.from(from.atStartOfDay(BERLIN).toInstant()),
                        Timestamp.from(to.plusDays(1).atStartOfDay(BERLIN).toInstant()))
                .query(BigDecimal.class).single();
    }
}
