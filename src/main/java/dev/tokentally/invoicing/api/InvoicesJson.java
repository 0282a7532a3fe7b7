package dev.tokentally.invoicing.api;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.tokentally.invoicing.Invoice;
import dev.tokentally.invoicing.InvoiceLine;

/** The invoices API's answers: money as decimal strings, dates as YYYY-MM-DD. */
final class InvoicesJson {

    private InvoicesJson() {
    }

    record InvoicePage(int page, int size, List<InvoiceSummary> invoices) {
    }

    record InvoiceSummary(long id, String kind, String number, String status, @JsonProperty("period_start") String periodStart,
                   @JsonProperty("period_end") String periodEnd, @JsonProperty("thread_id") Long threadId, String currency,
                   String subtotal, @JsonProperty("volume_discount") String volumeDiscount, String tax, String total,
                   long events, @JsonProperty("issue_date") String issueDate, @JsonProperty("due_date") String dueDate,
                   @JsonProperty("paid_date") String paidDate, @JsonProperty("credits_invoice_id") Long creditsInvoiceId) {

        static InvoiceSummary of(Invoice invoice) {
            return new InvoiceSummary(invoice.id(), invoice.kind().name().toLowerCase(Locale.ROOT), invoice.number(),
                    invoice.status().name().toLowerCase(Locale.ROOT), date(invoice.periodStart()), date(invoice.periodEnd()),
                    invoice.threadId(), invoice.currency(), plain(invoice.subtotal()), plain(invoice.volumeDiscount()),
                    plain(invoice.tax()), plain(invoice.total()), invoice.events(), date(invoice.issueDate()),
                    date(invoice.dueDate()), date(invoice.paidDate()), invoice.creditsInvoiceId());
        }
    }

    record InvoiceDetail(@JsonUnwrapped InvoiceSummary invoice, InvoiceBilling billing, List<InvoiceLineJson> lines) {

        static InvoiceDetail of(Invoice invoice, List<InvoiceLine> lines) {
            return new InvoiceDetail(InvoiceSummary.of(invoice), new InvoiceBilling(text(invoice.billingName()), text(invoice.billingAddress()),
                    text(invoice.billingEmail()), plain(invoice.taxRatePercent())),
                    lines.stream().map(line -> new InvoiceLineJson(line.position(), line.description(), line.quantity(),
                            plain(line.unitPrice()), plain(line.amount()))).toList());
        }
    }

    record InvoiceBilling(String name, String address, String email, @JsonProperty("tax_rate_percent") String taxRatePercent) {
    }

    record InvoiceLineJson(int position, String description, long quantity, @JsonProperty("unit_price") String unitPrice,
                String amount) {
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }

    private static String date(LocalDate date) {
        return date == null ? null : date.toString();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
