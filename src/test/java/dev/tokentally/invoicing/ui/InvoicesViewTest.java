package dev.tokentally.invoicing.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.textfield.TextArea;
import dev.tokentally.chat.ui.ChatView;
import dev.tokentally.credits.GrantKind;
import dev.tokentally.credits.WalletMode;
import dev.tokentally.credits.WalletSettings;
import dev.tokentally.credits.Wallets;
import dev.tokentally.invoicing.MonthlyInvoiceRun;
import dev.tokentally.invoicing.TopUps;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.ViewTest;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

class InvoicesViewTest extends ViewTest {

    @Autowired
    UsageRecorder recorder;
    @Autowired
    MonthlyInvoiceRun monthlyRun;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Wallets wallets;
    @Autowired
    TopUps topUps;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;

    @BeforeEach
    void usageInNovember() {
        clock.set(Instant.parse("2026-12-02T10:00:00Z"));
        for (String slug : List.of("acme", "globex")) {
            recorder.record(organization(slug), new ReportedCall(UUID.randomUUID().toString(), "openai", "gpt-4o-mini",
                    TokenCounts.of(1_000_000, 0), Attribution.of(null, null, null, null), null, Instant.parse("2026-11-05T09:00:00Z"), null,
                    null, false, UsageSource.API));
        }
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_drafts_issues_and_voids_an_invoice_with_confirmation() {
        InvoicesView view = navigate(InvoicesView.class);
        test(view.first).setValue(LocalDate.of(2026, 11, 1));
        test(view.last).setValue(LocalDate.of(2026, 11, 30));
        test(view.createDraft).click();

        InvoiceDialog dialog = $(InvoiceDialog.class).first();
        assertThat(test(dialog.lines).size()).isEqualTo(1);
        assertThat($(Div.class).id("invoice-total").getText()).isEqualTo("Total EUR 0.20");
        test(button("Issue")).click();
        test($(ConfirmDialog.class).last()).confirm();
        assertThat(dialog.status.getText()).isEqualTo("Issued");
        assertThat(test(view.grid).getCellText(0, 0)).isEqualTo("Invoice ACME-2026-0001");

        test(button("Void")).click();
        test(button("Void and issue credit note")).click();
        assertThat($(TextArea.class).last().getErrorMessage()).isEqualTo("Give the reason for voiding");
        // The field stops typing at 500; a longer value that gets past it is refused with the same message on the field.
        $(TextArea.class).last().setValue("x".repeat(501));
        test(button("Void and issue credit note")).click();
        assertThat($(TextArea.class).last().getErrorMessage()).isEqualTo("A reason has at most 500 characters");
        assertThat(dialog.status.getText()).isEqualTo("Issued");
        test($(TextArea.class).last()).setValue("Issued to the wrong address");
        test(button("Void and issue credit note")).click();

        assertThat(dialog.status.getText()).isEqualTo("Void");
        assertThat(test(view.grid).getCellText(0, 0)).isEqualTo("Credit note ACME-CN-2026-0001");
        assertThat(test(view.grid).getCellText(0, 3)).isEqualTo("EUR -0.20");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void a_mixed_organizations_invoice_shows_credits_applied_before_tax_and_the_remaining_balance() {
        long acme = organization("acme");
        wallets.configure(acme, new WalletSettings(WalletMode.MIXED, null, null, null));
        wallets.grant(acme, GrantKind.FREE, new BigDecimal("0.10"), null, 0, "Trial", null, "trial");
        recorder.record(acme, new ReportedCall(UUID.randomUUID().toString(), "openai", "gpt-4o-mini",
                TokenCounts.of(1_000_000, 0), Attribution.of(null, null, null, null), null, Instant.parse("2026-11-06T09:00:00Z"), null,
                null, false, UsageSource.API));
        topUps.request(acme, new BigDecimal("30"), "top-up-1");
        InvoicesView view = navigate(InvoicesView.class);
        assertThat(test(view.grid).getCellText(0, 1)).isEqualTo("Prepaid credits");
        assertThat(test(view.grid).getCellText(0, 6)).isEqualTo("Top-up");
        test(view.first).setValue(LocalDate.of(2026, 11, 1));
        test(view.last).setValue(LocalDate.of(2026, 11, 30));
        test(view.createDraft).click();

        // 2M input tokens: 0.3312 → 0.33; the 0.10 the wallet paid comes off before 19 % tax on 0.23 (0.0437 → 0.04).
        assertThat($(Div.class).id("invoice-credits-applied").getText()).isEqualTo("Credits applied EUR -0.10");
        assertThat($(Div.class).id("invoice-tax").getText()).isEqualTo("Tax 19 % EUR 0.04");
        assertThat($(Div.class).id("invoice-total").getText()).isEqualTo("Total EUR 0.27");
        test(button("Issue")).click();
        test($(ConfirmDialog.class).last()).confirm();
        assertThat($(Div.class).id("invoice-remaining-balance").getText()).isEqualTo("Remaining balance EUR 0.00");
        assertThat(test(view.grid).getCellText(0, 6)).isEqualTo("Usage");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void a_draft_shows_the_tax_rate_it_applies() {
        InvoicesView view = navigate(InvoicesView.class);
        test(view.first).setValue(LocalDate.of(2026, 11, 1));
        test(view.last).setValue(LocalDate.of(2026, 11, 30));
        test(view.createDraft).click();

        // Acme pays 19 % tax: 19 % of EUR 0.17 = 0.0323, rounded half-up to 0.03; a draft used to say "Tax 0 %".
        assertThat($(Div.class).id("invoice-tax").getText()).isEqualTo("Tax 19 % EUR 0.03");
        assertThat($(Div.class).id("invoice-total").getText()).isEqualTo("Total EUR 0.20");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void the_dialog_names_the_seller_and_a_paid_invoice_carries_the_paid_mark() {
        InvoicesView view = navigate(InvoicesView.class);
        test(view.first).setValue(LocalDate.of(2026, 11, 1));
        test(view.last).setValue(LocalDate.of(2026, 11, 30));
        test(view.createDraft).click();
        assertThat($(Div.class).id("invoice-seller").getText()).isEqualTo("From Tokentally Test GmbH · Hauptstraße 5 · "
                + "10115 Berlin · VAT id DE811907980 · Test Bank · IBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX");
        test(button("Issue")).click();
        test($(ConfirmDialog.class).last()).confirm();
        assertThat($(Div.class).withId("invoice-paid-mark").all()).isEmpty();

        test(button("Mark paid")).click();
        test(button("Mark paid")).click(); // the payment dialog's

        assertThat($(Div.class).id("invoice-paid-mark").getText()).isEqualTo("PAID 2026-12-02");
        assertThat($(Div.class).withId("invoice-reverse-charge").all()).as("Acme pays 19 %").isEmpty();
    }

    @Test
    @WithUserDetails("admin@globex.test")
    void a_french_business_at_0_percent_sees_the_reverse_charge_note_and_its_vat_id_on_the_draft() {
        InvoicesView view = navigate(InvoicesView.class);
        test(view.billingDetails).click();
        BillingIdentityDialog details = $(BillingIdentityDialog.class).single();
        test(details.vatId).setValue("fr 403 032 650 45");
        test(details.save).click();

        test(view.first).setValue(LocalDate.of(2026, 11, 1));
        test(view.last).setValue(LocalDate.of(2026, 11, 30));
        test(view.createDraft).click();

        assertThat($(Div.class).id("invoice-tax").getText()).isEqualTo("Tax 0 % USD 0.00");
        assertThat($(Div.class).id("invoice-reverse-charge").getText()).isEqualTo(
                "Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC)");
        assertThat($(InvoiceDialog.class).single().getElement().getTextRecursively()).contains("VAT id FR40303265045");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void a_vat_id_of_the_wrong_shape_is_refused_on_its_field_and_nothing_is_stored() {
        InvoicesView view = navigate(InvoicesView.class);
        test(view.billingDetails).click();
        BillingIdentityDialog details = $(BillingIdentityDialog.class).single();
        test(details.address).setValue("Somewhere else 1");
        test(details.vatId).setValue("123456789");
        test(details.save).click();

        assertThat(details.vatId.isInvalid()).isTrue();
        assertThat(details.vatId.getErrorMessage())
                .isEqualTo("A VAT id is a two-letter country prefix and 2 to 13 letters or digits, such as DE123456789");
        assertThat(details.isOpened()).isTrue();
        assertThat(jdbc.sql("select coalesce(vat_id, '-') || ' ' || billing_address from organization where slug = 'acme'")
                .query(String.class).single()).isEqualTo("- Acme Corp\nFriedrichstraße 1\n10117 Berlin\nGermany");
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void a_platform_admin_drafts_a_period_for_every_organization_with_progress() {
        List<Integer> progress = new ArrayList<>();
        int drafted = monthlyRun.draftAll(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), progress::add);

        assertThat(drafted).isEqualTo(3);
        assertThat(progress).containsExactly(1, 2, 3);
        InvoicesView view = navigate(InvoicesView.class);
        assertThat(test(view.grid).size()).isEqualTo(3);
        assertThat(view.organization.isVisible()).isTrue();
        assertThat(view.draftAll.isVisible()).isTrue();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_invoices_one_of_their_chat_threads() {
        ChatView chat = navigate(ChatView.class);
        test($(Button.class).id("new-thread")).click();
        test($(com.vaadin.flow.component.textfield.TextArea.class).id("chat-input")).setValue("Bill me");
        test($(Button.class).id("chat-send")).click();

        test(button("Invoice this thread")).click();

        assertThat(notificationText()).startsWith("Draft invoice #").contains("for 1 answers");
        assertThat(jdbc.sql("select thread_title || ' ' || events || ' ' || status from invoice").query(String.class).single())
                .isEqualTo("Bill me 1 DRAFT");
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void members_cannot_open_invoices() {
        assertDenied(InvoicesView.class);
    }


    private long organization(String slug) {
        return fixtures.organization(slug);
    }
}
