package dev.tokentally.invoicing;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tokentally.base.Money;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.mail.MailOutbox;
import dev.tokentally.mail.MailTemplates;
import dev.tokentally.mail.channels.ChannelEvent;
import dev.tokentally.mail.channels.Notice;
import dev.tokentally.organizations.BillingDetails;

/** The mail that carries an issued document to the organization's billing contact, PDF attached, and its channel notice. */
final class InvoiceMail {

    private InvoiceMail() {
    }

    static MailOutbox.Message compose(Invoice invoice, BillingDetails billing, List<String> to, byte[] pdf) {
        boolean credit = invoice.kind() == Invoice.Kind.CREDIT_NOTE;
        String total = MoneyText.format(new Money(invoice.amounts().total(), invoice.amounts().currency()));
        String subject = (credit ? "Credit note " : "Invoice ") + invoice.number() + " from Tokentally (" + total + ")";
        Map<String, String> values = Map.of(
                "subject", subject,
                "billingName", invoice.billTo().name() == null ? billing.name() : invoice.billTo().name(),
                "intro", credit ? "this credit note cancels an earlier invoice of yours."
                        : invoice.scope().bills() == Invoice.Bills.TOP_UP ? "here is your invoice for prepaid credits; they are added to your balance once it is paid."
                        : "here is your invoice for your use of language models.",
                "number", invoice.number(), "coverage", invoice.coverage(), "total", total,
                "due", invoice.lifecycle().dueDate() == null ? "nothing to pay" : invoice.lifecycle().dueDate().toString(),
                "organization", billing.name());
        return new MailOutbox.Message(invoice.organizationId(), to, subject, MailTemplates.render("invoice.html", values),
                MailTemplates.render("invoice.txt", values), invoice.number() + ".pdf", pdf);
    }

    /** The {@code invoice.issued} event for the organization's channels: a credit note is issued too, with its own kind. */
    static Notice notice(Invoice invoice, BillingDetails billing, String baseUrl) {
        String total = MoneyText.format(new Money(invoice.amounts().total(), invoice.amounts().currency()));
        String link = baseUrl.replaceAll("/+$", "") + "/invoices";
        LocalDate due = invoice.lifecycle().dueDate();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("organization", billing.name());
        data.put("invoice", invoiceData(invoice));
        data.put("invoices_url", link);
        return new Notice(ChannelEvent.INVOICE_ISSUED.type(), invoice.title() + " issued (" + total + ")",
                invoice.title() + " for " + invoice.coverage() + " was issued to " + billing.name() + ".",
                List.of(new Notice.Fact("Organization", billing.name()), new Notice.Fact("Covers", invoice.coverage()),
                        new Notice.Fact("Total", total),
                        new Notice.Fact("Due", due == null ? "nothing to pay" : due.toString())),
                link, data);
    }

    private static Map<String, Object> invoiceData(Invoice invoice) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", invoice.id());
        data.put("number", invoice.number());
        data.put("kind", invoice.kind() == Invoice.Kind.CREDIT_NOTE ? "credit_note" : "invoice");
        data.put("period_start", invoice.scope().periodStart() == null ? null : invoice.scope().periodStart().toString());
        data.put("period_end", invoice.scope().periodEnd() == null ? null : invoice.scope().periodEnd().toString());
        data.put("thread_title", invoice.scope().threadTitle());
        data.put("issue_date", invoice.lifecycle().issueDate().toString());
        data.put("due_date", invoice.lifecycle().dueDate() == null ? null : invoice.lifecycle().dueDate().toString());
        data.put("currency", invoice.amounts().currency());
        data.put("subtotal", invoice.amounts().subtotal().toPlainString());
        data.put("tax", invoice.amounts().tax().toPlainString());
        data.put("total", invoice.amounts().total().toPlainString());
        data.put("credits_invoice_id", invoice.lifecycle().creditsInvoiceId());
        return data;
    }
}
