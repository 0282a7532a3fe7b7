package dev.tokentally.invoicing;

import java.util.List;
import java.util.Map;

import dev.tokentally.base.Money;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.mail.MailOutbox;
import dev.tokentally.mail.MailTemplates;
import dev.tokentally.organizations.BillingDetails;

/** The mail that carries an issued document to the organization's billing contact, PDF attached. */
final class InvoiceMail {

    private InvoiceMail() {
    }

    static MailOutbox.Message compose(Invoice invoice, BillingDetails billing, List<String> to, byte[] pdf) {
        boolean credit = invoice.kind() == Invoice.Kind.CREDIT_NOTE;
        String total = MoneyText.format(new Money(invoice.total(), invoice.currency()));
        String subject = (credit ? "Credit note " : "Invoice ") + invoice.number() + " from Tokentally (" + total + ")";
        Map<String, String> values = Map.of(
                "subject", subject,
                "billingName", invoice.billingName() == null ? billing.name() : invoice.billingName(),
                "intro", credit ? "this credit note cancels an earlier invoice of yours." : "here is your invoice for your use of language models.",
                "number", invoice.number(), "coverage", invoice.coverage(), "total", total,
                "due", invoice.dueDate() == null ? "nothing to pay" : invoice.dueDate().toString(),
                "organization", billing.name());
        return new MailOutbox.Message(invoice.organizationId(), to, subject, MailTemplates.render("invoice.html", values),
                MailTemplates.render("invoice.txt", values), invoice.number() + ".pdf", pdf);
    }
}
