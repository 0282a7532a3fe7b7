package dev.tokentally.budgets.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.markdown.Markdown;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import dev.tokentally.budgets.Budget;
import dev.tokentally.budgets.BudgetAlerts;
import dev.tokentally.budgets.Budgets;
import dev.tokentally.chat.ui.ChatView;
import dev.tokentally.credits.GrantKind;
import dev.tokentally.credits.WalletMode;
import dev.tokentally.credits.WalletSettings;
import dev.tokentally.credits.Wallets;
import dev.tokentally.mail.ui.OutboxView;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.ViewTest;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;

class BudgetViewsTest extends ViewTest {

    @Autowired
    Budgets budgets;
    @Autowired
    BudgetAlerts alerts;
    @Autowired
    Wallets wallets;
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
    @WithUserDetails("admin@acme.test")
    void an_org_admin_creates_a_budget_and_the_form_says_what_is_wrong() {
        BudgetsView view = navigate(BudgetsView.class);
        test(view.create).click();
        BudgetDialog dialog = $(BudgetDialog.class).first();

        test(dialog.name).setValue("Team\tmonthly");
        test(dialog.amount).setValue(BigDecimal.ZERO);
        test(dialog.thresholds).setValue("80, 50");
        test(dialog.save).click();
        assertThat(dialog.amount.getErrorMessage()).isEqualTo("Amount must be more than 0");
        assertThat(dialog.name.getErrorMessage()).isEqualTo("No control characters such as tabs or line breaks");

        test(dialog.name).setValue("Team monthly");

        test(dialog.amount).setValue(new BigDecimal("100"));
        test(dialog.save).click();
        assertThat(dialog.thresholds.getErrorMessage()).isEqualTo("Thresholds must increase, such as 50, 80, 100");

        test(dialog.thresholds).setValue("50, 90, 100");
        test(dialog.period).selectItem("Custom dates");
        test(dialog.save).click();
        assertThat(dialog.startsOn.getErrorMessage()).isEqualTo("A custom period needs a first day");
        assertThat(jdbc.sql("select count(*) from budget").query(Long.class).single()).isZero();

        test(dialog.period).selectItem("Monthly");
        test(dialog.extraRecipients).setValue("finance@acme.test");
        test(dialog.save).click();

        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(test(view.grid).getCellText(0, 0)).isEqualTo("Team monthly");
        assertThat(jdbc.sql("select thresholds || ' ' || extra_recipients from budget").query(String.class).single())
                .isEqualTo("50,90,100 finance@acme.test");

        test(view.grid).clickRow(0);
        test($(Button.class).all().stream().filter(button -> "Delete".equals(button.getText())).findFirst().orElseThrow()).click();
        test($(ConfirmDialog.class).last()).confirm();
        assertThat(test(view.grid).size()).isZero();
        assertThat(jdbc.sql("select count(*) from budget").query(Long.class).single()).isZero();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void the_list_shows_spend_and_the_alert_history_what_was_sent() {
        clock.set(Instant.parse("2026-11-20T10:00:00Z"));
        Budget budget = new Budget();
        budget.setName("Acme monthly");
        budget.setAmount(new BigDecimal("1"));
        budgets.save(acme(), budget);
        recorder.record(acme(), new ReportedCall(UUID.randomUUID().toString(), "openai", "gpt-4o-mini",
                TokenCounts.of(0, 1_000_000), Attribution.of(null, null, null, null), null, clock.instant(), null, null, false, UsageSource.API));
        alerts.check(acme());

        BudgetsView view = navigate(BudgetsView.class);
        Span spent = (Span) test(view.grid).getCellComponent(0, 3).getChildren().findFirst().orElseThrow();
        assertThat(spent.getText()).isEqualTo("EUR 0.66 of EUR 1.00 (66.24 %)");
        assertThat(test(view.grid).getCellText(0, 2)).isEqualTo("2026-11-01 – 2026-11-30");
        assertThat(test(view.grid).getCellText(0, 5)).as("the forecast").startsWith("Passes the limit on 2026-11-");

        AlertsView history = navigate(AlertsView.class);
        // One mail told both: the threshold passed and the forecast.
        assertThat(test(history.grid).size()).isEqualTo(2);
        assertThat(test(history.grid).getCellText(0, 2)).startsWith("Projected to run out on 2026-11-");
        assertThat(test(history.grid).getCellText(1, 2)).isEqualTo("Passed 50 %");
        assertThat(test(history.grid).getCellText(1, 4)).isEqualTo("admin@acme.test");
        assertThat(test(history.grid).getCellText(1, 5)).isEqualTo("Waiting");

        navigate(OutboxView.class);
        Grid<?> outbox = $(Grid.class).first();
        assertThat(test(outbox).size()).isEqualTo(1);
        assertThat(test(outbox).getCellText(0, 2)).startsWith("[Tokentally] Acme monthly passed 50 %");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void a_wallet_alert_shows_in_the_alert_history_with_whom_it_told() {
        clock.set(Instant.parse("2026-11-20T10:00:00Z"));
        wallets.configure(acme(), new WalletSettings(WalletMode.PREPAID, null, null, new BigDecimal("3")));
        wallets.grant(acme(), GrantKind.FREE, new BigDecimal("5"), null, 0, "Trial", null, "trial");
        // 4M output tokens of gpt-4o-mini: EUR 2.6496, from 5 to 2.3504.
        recorder.record(acme(), new ReportedCall(UUID.randomUUID().toString(), "openai", "gpt-4o-mini",
                TokenCounts.of(0, 4_000_000), Attribution.of(null, null, null, null), null, clock.instant(), null, null, false, UsageSource.API));
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("select count(*) from balance_alert where mail_id is not null")
                .query(Long.class).single() == 1);

        AlertsView history = navigate(AlertsView.class);
        assertThat(test(history.wallet).size()).isEqualTo(1);
        assertThat(test(history.wallet).getCellText(0, 1)).isEqualTo("Balance below its alert");
        assertThat(test(history.wallet).getCellText(0, 2)).isEqualTo("EUR 2.35 (alert below EUR 3.00)");
        assertThat(test(history.wallet).getCellText(0, 3)).isEqualTo("admin@acme.test");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void deleting_a_budget_keeps_its_alerts_in_the_history_under_its_name() {
        clock.set(Instant.parse("2026-11-20T10:00:00Z"));
        Budget budget = new Budget();
        budget.setName("Acme monthly");
        budget.setAmount(new BigDecimal("1"));
        budget = budgets.save(acme(), budget);
        recorder.record(acme(), new ReportedCall(UUID.randomUUID().toString(), "openai", "gpt-4o-mini",
                TokenCounts.of(0, 1_000_000), Attribution.of(null, null, null, null), null, clock.instant(), null, null, false, UsageSource.API));
        alerts.check(acme());

        budgets.delete(acme(), budget.getId());

        AlertsView history = navigate(AlertsView.class);
        assertThat(test(history.grid).size()).isEqualTo(2);
        assertThat(test(history.grid).getCellText(1, 1)).isEqualTo("Acme monthly (deleted)");
        assertThat(test(history.grid).getCellText(1, 2)).isEqualTo("Passed 50 %");
        assertThat(test(history.grid).getCellText(1, 4)).isEqualTo("admin@acme.test");
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void a_member_sees_what_is_left_and_is_blocked_by_a_used_up_hard_budget_with_the_reason() {
        RunAs.user(users, "admin@acme.test", () -> {
            Budget budget = new Budget();
            budget.setName("Acme hard limit");
            budget.setAmount(new BigDecimal("0.000001"));
            budget.setEnforcement(Budget.Enforcement.HARD);
            return budgets.save(acme(), budget);
        });
        navigate(ChatView.class);
        assertThat($(Span.class).id("budget-allowance").getText()).startsWith("Budget: EUR 0.000001 left of Acme hard limit");
        test($(Button.class).id("new-thread")).click();

        test($(TextArea.class).id("chat-input")).setValue("Can I still ask?");
        test($(Button.class).id("chat-send")).click();

        var bubbles = $(VerticalLayout.class).id("chat-messages").getChildren().toList();
        assertThat(bubbles.getLast().getElement().getAttribute("data-role")).isEqualTo("error");
        assertThat(bubbles.getLast().getChildren().filter(Markdown.class::isInstance).map(m -> ((Markdown) m).getContent())
                .findFirst().orElseThrow())
                .startsWith("The budget “Acme hard limit” has EUR 0.000001 left until")
                .contains("Ask an organization admin (admin@acme.test) to raise it.");
        assertThat(bubbles.getLast().getChildren().flatMap(c -> c.getChildren()).filter(Button.class::isInstance)
                .map(b -> ((Button) b).getText())).containsExactly("Retry");
        assertThat(jdbc.sql("select count(*) from usage_event").query(Long.class).single()).isZero();
    }

    @Test
    @WithUserDetails("bob@acme.test")
    void members_who_manage_no_team_cannot_open_budgets_alerts_or_the_outbox() {
        assertDenied(BudgetsView.class);
        assertDenied(AlertsView.class);
        assertDenied(OutboxView.class);
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void budgets_belong_to_org_admins() {
        assertDenied(BudgetsView.class);
    }

    private long acme() {
        return fixtures.organization("acme");
    }
}
