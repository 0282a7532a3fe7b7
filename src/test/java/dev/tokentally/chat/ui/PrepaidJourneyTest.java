package dev.tokentally.chat.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.credits.Wallets;
import dev.tokentally.invoicing.Invoice;
import dev.tokentally.invoicing.Invoices;
import dev.tokentally.invoicing.TopUps;
import dev.tokentally.invoicing.ui.BillingView;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.ViewTest;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithUserDetails;

/**
 * Issue 28's "done means" on the demo's prepaid Initech: the balance burns down while its admin chats, the automatic
 * top-up invoice appears once it falls below EUR 2, and paying that invoice raises the balance on the open Billing page.
 */
class PrepaidJourneyTest extends ViewTest {

    private static final BigDecimal THRESHOLD = new BigDecimal("2");

    @Autowired
    Fixtures fixtures;
    @Autowired
    Wallets wallets;
    @Autowired
    TopUps topUps;
    @Autowired
    Invoices invoices;
    @Autowired
    UsageRecorder recorder;
    @Autowired
    TestClock clock;

    private long initech() {
        return fixtures.organization("initech");
    }

    private BigDecimal balance() {
        return wallets.summary(initech()).balance().amount();
    }

    /** Usage Initech's applications reported, costing what {@code tokens} input tokens of gpt-4o-mini cost. */
    private void reported(long tokens) {
        recorder.record(initech(), new ReportedCall(UUID.randomUUID().toString(), "openai", "gpt-4o-mini",
                TokenCounts.of(tokens, 0), Attribution.of(null, null, null, null), null, clock.instant(), null, null, false,
                UsageSource.API));
    }

    @Test
    @WithUserDetails("admin@initech.test")
    void a_prepaid_organization_burns_down_while_chatting_is_topped_up_and_the_paid_grant_raises_its_balance() {
        // Reported usage first takes the EUR 5 to a hair above the threshold, priced by what a million tokens cost.
        reported(1_000_000);
        BigDecimal perToken = new BigDecimal("5").subtract(balance()).divide(new BigDecimal("1000000"), 12, RoundingMode.HALF_UP);
        reported(balance().subtract(THRESHOLD).subtract(new BigDecimal("0.00001")).divide(perToken, 0, RoundingMode.DOWN).longValueExact());
        assertThat(balance()).isBetween(THRESHOLD, new BigDecimal("2.0001"));
        assertThat(topUps.pending(initech())).as("no top-up above the threshold").isEmpty();

        ChatView chat = navigate(ChatView.class);
        chat.threadList.target.setValue(chat.threadList.target.getListDataView().getItems()
                .filter(target -> target.label().startsWith("Demo mini")).findFirst().orElseThrow());
        test(chat.threadList.newThread).click();
        chat = (ChatView) getCurrentView();
        for (int question = 1; question <= 20 && balance().compareTo(THRESHOLD) >= 0; question++) {
            test(chat.pane.input).setValue("Question " + question + ": what does this answer cost?");
            test(chat.pane.send).click();
        }
        assertThat(balance()).as("the chat took the balance below EUR 2").isLessThan(THRESHOLD);

        await().atMost(Duration.ofSeconds(10)).until(() -> topUps.pending(initech()).isPresent());
        Invoice topUp = topUps.pending(initech()).orElseThrow();
        assertThat(topUp.amounts().subtotal()).isEqualByComparingTo("20");

        navigate(BillingView.class);
        String pending = $(Div.class).withId("pending-top-up").single().getElement().getTextRecursively();
        assertThat(pending).contains(topUp.number(), "awaits payment", "Invoices");
        BigDecimal before = balance();
        assertThat(balanceShown()).isEqualTo(MoneyText.format(wallets.summary(initech()).balance()));

        invoices.markPaid(topUp.id(), LocalDate.ofInstant(clock.instant(), ZoneId.of("Europe/Dublin")), "bank transfer 42");

        assertThat(balance()).isEqualByComparingTo(before.add(new BigDecimal("20")));
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> {
            runPushedChanges();
            return balanceShown().equals(MoneyText.format(wallets.summary(initech()).balance()));
        });
        assertThat($(Div.class).withId("pending-top-up").single().getElement().getTextRecursively()).isEmpty();
    }

    private String balanceShown() {
        return $(Span.class).withId("wallet-balance").single().getText();
    }
}
