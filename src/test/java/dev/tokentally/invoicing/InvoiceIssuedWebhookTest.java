package dev.tokentally.invoicing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import dev.tokentally.base.Money;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.mail.channels.AlertChannels;
import dev.tokentally.mail.channels.ChannelEvent;
import dev.tokentally.mail.channels.ChannelKind;
import dev.tokentally.mail.channels.ChannelSender;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.testsupport.WebhookReceiver;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.test.context.support.WithUserDetails;
import tools.jackson.databind.JsonNode;

/** Issued invoices and credit notes reach the organization's channels as invoice.issued, once per document. */
@TokentallyTest
@WithUserDetails("admin@acme.test")
class InvoiceIssuedWebhookTest {

    @Value("${local.server.port}")
    int port;
    @Autowired
    Invoices invoices;
    @Autowired
    AlertChannels channels;
    @Autowired
    ChannelSender sender;
    @Autowired
    UsageRecorder recorder;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;

    final WebhookReceiver receiver = new WebhookReceiver();
    AlertChannels.Added billing;

    @BeforeEach
    void channels() {
        clock.set(Instant.parse("2026-11-20T10:00:00Z"));
        billing = channels.add(acme(), "Billing system", ChannelKind.WEBHOOK, receiver.url("/billing"));
        channels.add(acme(), "Ops", ChannelKind.SLACK, receiver.url("/slack"));
        channels.add(acme(), "Budgets only", ChannelKind.WEBHOOK, receiver.url("/budgets"),
                EnumSet.of(ChannelEvent.BUDGET_THRESHOLD_CROSSED, ChannelEvent.BUDGET_FORECAST_EXCEEDS));
        recorder.record(acme(), new ReportedCall(UUID.randomUUID().toString(), "openai", "gpt-4o-mini", TokenCounts.of(1_000_000, 500_000),
                Attribution.of(null, null, null, null), null, Instant.parse("2026-11-05T09:00:00Z"), null, null, false, UsageSource.API));
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void issuing_sends_one_signed_event_to_the_channels_that_chose_it_and_it_matches_the_documented_schema() {
        Invoice issued = invoices.issue(invoices.createDraft(acme(), LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30)).id());

        assertThat(sender.sendDue()).isEqualTo(2);
        assertThat(sender.sendDue()).isZero();

        JsonNode event = receiver.verifiedEvents("/billing", billing.secret(), clock.instant()).getFirst();
        assertThat(receiver.requests("/billing")).hasSize(1);
        assertThat(event.get("type").asString()).isEqualTo("invoice.issued");
        JsonNode invoice = event.get("data").get("invoice");
        assertThat(invoice.get("number").asString()).isEqualTo(issued.number()).isEqualTo("ACME-2026-0001");
        assertThat(invoice.get("kind").asString()).isEqualTo("invoice");
        assertThat(invoice.get("total").asString()).isEqualTo(issued.amounts().total().toPlainString());
        assertThat(invoice.get("currency").asString()).isEqualTo("EUR");
        assertThat(invoice.get("due_date").asString()).isEqualTo(issued.lifecycle().dueDate().toString());
        assertThat(event.get("data").get("organization").asString()).isEqualTo("Acme Corp");
        var match = WebhookReceiver.matchesDocumentedSchema(port, event);
        assertThat(match.isExactMatch()).as(match.getSubEvents().toString()).isTrue();

        String slack = receiver.requests("/slack").getFirst().getBodyAsString();
        assertThat(receiver.requests("/slack")).hasSize(1);
        assertThat(slack).contains("Invoice ACME-2026-0001 issued (" + MoneyText.format(new Money(issued.amounts().total(), "EUR")) + ")");
        assertThat(receiver.requests("/budgets")).isEmpty();
    }

    @Test
    void voiding_issues_a_credit_note_which_is_its_own_event() {
        Invoice issued = invoices.issue(invoices.createDraft(acme(), LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30)).id());
        Invoice note = invoices.voidInvoice(issued.id(), "Wrong billing address");

        assertThat(sender.sendDue()).isEqualTo(4);

        List<JsonNode> events = receiver.verifiedEvents("/billing", billing.secret(), clock.instant());
        assertThat(events).extracting(event -> event.get("data").get("invoice").get("number").asString())
                .containsExactlyInAnyOrder(issued.number(), note.number());
        JsonNode credit = events.stream().filter(event -> event.get("data").get("invoice").get("kind").asString().equals("credit_note"))
                .findFirst().orElseThrow();
        assertThat(credit.get("data").get("invoice").get("credits_invoice_id").asLong()).isEqualTo(issued.id());
        assertThat(credit.get("data").get("invoice").get("total").asString()).startsWith("-");
        assertThat(credit.get("data").get("invoice").get("due_date").isNull()).isTrue();
        assertThat(WebhookReceiver.matchesDocumentedSchema(port, credit).isExactMatch()).isTrue();
    }

    private long acme() {
        return fixtures.organization("acme");
    }
}
