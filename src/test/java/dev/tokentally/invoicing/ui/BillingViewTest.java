package dev.tokentally.invoicing.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.vaadin.flow.component.grid.Grid;
import dev.tokentally.credits.WalletMode;
import dev.tokentally.credits.WalletSettings;
import dev.tokentally.credits.Wallets;
import dev.tokentally.invoicing.BillingWallets;
import dev.tokentally.invoicing.Invoice;
import dev.tokentally.invoicing.TopUps;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.ViewTest;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.test.context.support.WithUserDetails;

class BillingViewTest extends ViewTest {

    @Autowired
    Fixtures fixtures;
    @Autowired
    Wallets wallets;
    @Autowired
    BillingWallets billingWallets;
    @Autowired
    UsageRecorder recorder;
    @Autowired
    TestClock clock;
    @Autowired
    TopUps topUps;

    private long initech() {
        return fixtures.organization("initech");
    }

    private WalletSettings settingsOfInitech() {
        return wallets.summary(initech()).settings();
    }

    /** A call of Initech's chat, priced in the catalog, recorded through the one recording service. */
    private void recordChat() {
        recorder.record(initech(), new ReportedCall(UUID.randomUUID().toString(), "openai", "gpt-4o-mini",
                TokenCounts.of(1_000_000, 100_000), Attribution.of(null, null, null, null), null, clock.instant(), null, null,
                false, UsageSource.CHAT));
    }

    @Test
    @WithUserDetails("admin@initech.test")
    void initech_is_prepaid_with_five_euros_of_free_credits_and_tops_up_below_two() {
        BillingView view = navigate(BillingView.class);

        assertThat(view.balance.getText()).isEqualTo("EUR 5.00");
        assertThat(view.mode.getText()).startsWith("Prepaid");
        assertThat(test(view.grants).size()).isEqualTo(1);
        assertThat(test(view.grants).getCellText(0, 0)).isEqualTo("Free");
        assertThat(test(view.grants).getCellText(0, 2)).isEqualTo("EUR 5.00");
        assertThat(view.daysLeft.getText()).isEqualTo("No usage lately: the balance is not running down");
        assertThat(view.postpaid.isVisible()).isFalse();
        WalletSettings settings = settingsOfInitech();
        assertThat(settings.mode()).isEqualTo(WalletMode.PREPAID);
        assertThat(settings.autoTopUpBelow()).isEqualByComparingTo("2");
        assertThat(settings.lowBalanceAt()).isEqualByComparingTo("2");
        assertThat(view.buyCredits.isVisible()).isTrue();
        assertThat(view.grantFree.isVisible()).as("free credits are the platform admin's").isFalse();
    }

    @Test
    @WithUserDetails("admin@initech.test")
    void the_balance_burns_down_live_as_usage_is_recorded() {
        BillingView view = navigate(BillingView.class);
        assertThat(view.balance.getText()).isEqualTo("EUR 5.00");

        recordChat();

        await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> {
            runPushedChanges();
            return !view.balance.getText().equals("EUR 5.00");
        });
        dev.tokentally.base.Money left = wallets.summary(initech()).balance();
        assertThat(view.balance.getText()).isEqualTo(dev.tokentally.base.ui.MoneyText.format(left));
        assertThat(left.amount().stripTrailingZeros().scale()).as("a chat costs fractions of a cent").isGreaterThan(2);
        assertThat(view.reserved.getText()).as("the exact balance beside the rounded one, so a burn of a fraction of a cent shows")
                .startsWith("exactly " + dev.tokentally.base.ui.MoneyText.precise(left) + "; ");
        assertThat(view.daysLeft.getText()).matches("Runs out in ~\\d+ days? at this rate");
        assertThat(test(view.grants).getCellText(0, 2)).isNotEqualTo("EUR 5.00");
        assertThat(test(view.transactions).size()).as("the free grant and the consumption").isEqualTo(2);
    }

    @Test
    @WithUserDetails("carol@initech.test")
    void a_member_cannot_open_billing_nor_change_the_wallet() {
        assertDenied(BillingView.class);

        assertThatThrownBy(() -> billingWallets.configure(initech(),
                new WalletSettings(WalletMode.POSTPAID, null, null, null))).isInstanceOf(AccessDeniedException.class);
        assertThat(settingsOfInitech().mode()).isEqualTo(WalletMode.PREPAID);
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void a_postpaid_organization_is_told_what_prepaid_is_and_how_to_switch() {
        BillingView view = navigate(BillingView.class);

        assertThat(view.postpaid.isVisible()).isTrue();
        assertThat(view.postpaid.getText()).contains("postpaid", "Switch the mode under Settings");
        assertThat(view.balance.getText()).isEqualTo("EUR 0.00");
    }

    @Test
    @WithUserDetails("admin@initech.test")
    void an_org_admin_moves_credit_to_a_team_and_picks_the_teams_wallet_to_see_it() {
        long ops = fixtures.team("initech", "rt-ops", "Ops");
        BillingView view = navigate(BillingView.class);
        assertThat(view.walletOf.getValue().label()).isEqualTo("Organization");

        test(view.teamCredit).click();
        TeamCreditDialog dialog = $(TeamCreditDialog.class).single();
        assertThat(dialog.free.isVisible()).as("free credit is the platform admin's").isFalse();
        test(dialog.team).selectItem("Ops");
        test(dialog.amount).setValue(new BigDecimal("2"));
        test(dialog.give).click();

        assertThat(view.walletOf.getValue().label()).isEqualTo("Team Ops");
        assertThat(view.balance.getText()).isEqualTo("EUR 2.00");
        assertThat(test(view.transactions).size()).isEqualTo(1);
        assertThat(test(view.transactions).getCellText(0, 1)).isEqualTo("Moved from the organization");
        test(view.walletOf).selectItem("Organization");
        assertThat(view.balance.getText()).isEqualTo("EUR 3.00");
        assertThat(test(view.transactions).getCellText(0, 1)).isEqualTo("Moved to a team");
        assertThat(billingWallets.teamSummary(initech(), ops).balance().amount()).isEqualByComparingTo("2");
    }

    @Test
    @WithUserDetails("admin@initech.test")
    void an_org_admin_cannot_grant_free_credits_even_past_the_hidden_button() {
        assertThatThrownBy(() -> billingWallets.grantFree(initech(), new BigDecimal("100"), null, 0, "to myself", "key-1"))
                .isInstanceOf(AccessDeniedException.class);
        long ops = fixtures.team("initech", "rt-ops", "Ops");
        assertThatThrownBy(() -> billingWallets.grantFreeToTeam(initech(), ops, new BigDecimal("100"), "to my team", "key-2"))
                .isInstanceOf(AccessDeniedException.class);

        assertThat(wallets.summary(initech()).balance().amount()).isEqualByComparingTo("5");
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void a_platform_admin_grants_free_credits_that_appear_on_the_page() {
        BillingView view = navigate(BillingView.class);
        test(view.organization).selectItem("Initech");
        assertThat(view.balance.getText()).isEqualTo("EUR 5.00");

        test(view.grantFree).click();
        FreeCreditsDialog dialog = $(FreeCreditsDialog.class).single();
        test(dialog.amount).setValue(new BigDecimal("10"));
        dialog.validThrough.setValue(java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneId.of("Europe/Dublin")).plusDays(30));
        test(dialog.note).setValue("Pilot credits");
        test(dialog.grant).click();

        assertThat(view.balance.getText()).isEqualTo("EUR 15.00");
        assertThat(test(view.grants).size()).isEqualTo(2);
        Grid<?> grants = view.grants;
        assertThat(test(grants).getCellText(0, 5) + test(grants).getCellText(1, 5)).contains("Pilot credits");
    }

    @Test
    @WithUserDetails("admin@initech.test")
    void buying_credits_issues_a_top_up_invoice_that_waits_for_payment() {
        BillingView view = navigate(BillingView.class);
        test(view.buyCredits).click();
        BuyCreditsDialog dialog = $(BuyCreditsDialog.class).single();

        test(dialog.amount).setValue(BigDecimal.ZERO);
        test(dialog.buy).click();
        assertThat(dialog.amount.isInvalid()).isTrue();
        assertThat(topUps.pending(initech())).isEmpty();

        test(dialog.amount).setValue(new BigDecimal("50"));
        test(dialog.buy).click();

        Invoice invoice = topUps.pending(initech()).orElseThrow();
        assertThat(invoice.amounts().subtotal()).isEqualByComparingTo("50");
        assertThat(view.pendingTopUp.getElement().getTextRecursively()).contains(invoice.number(), "awaits payment");
        assertThat(view.balance.getText()).as("credits come once the invoice is paid").isEqualTo("EUR 5.00");
    }

    @Test
    @WithUserDetails("admin@initech.test")
    void bad_settings_show_a_field_message_and_change_nothing() {
        BillingView view = navigate(BillingView.class);
        WalletSettingsForm form = $(WalletSettingsForm.class).single();

        test(form.autoTopUpBelow).setValue(new BigDecimal("-1"));
        test(form.autoTopUpAmount).setValue(null);
        test(form.save).click();

        assertThat(form.autoTopUpBelow.isInvalid()).isTrue();
        assertThat(form.autoTopUpBelow.getErrorMessage()).isEqualTo("Must not be negative");
        assertThat(form.autoTopUpAmount.isInvalid()).isTrue();
        assertThat(form.autoTopUpAmount.getErrorMessage()).isEqualTo("Needed for an automatic top-up");
        WalletSettings settings = settingsOfInitech();
        assertThat(settings.autoTopUpBelow()).isEqualByComparingTo("2");
        assertThat(settings.autoTopUpAmount()).isEqualByComparingTo("20");
        assertThat(view.balance.getText()).isEqualTo("EUR 5.00");
    }
}
