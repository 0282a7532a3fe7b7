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

    /** One invoice; the grouped parts unwrap, so the fields stay flat, in this order. */
    record InvoiceSummary(long id, String kind, String number, String status, @JsonUnwrapped Coverage coverage,
                          @JsonUnwrapped Totals totals, @JsonUnwrapped Dates dates,
                          @JsonProperty("credits_invoice_id") Long creditsInvoiceId) {

        static InvoiceSummary of(Invoice invoice) {
            Invoice.Scope scope = invoice.scope();
            Invoice.Amounts amounts = invoice.amounts();
            Invoice.Lifecycle lifecycle = invoice.lifecycle();
            return new InvoiceSummary(invoice.id(), invoice.kind().name().toLowerCase(Locale.ROOT), invoice.number(),
                    invoice.status().name().toLowerCase(Locale.ROOT),
                    new Coverage(date(scope.periodStart()), date(scope.periodEnd()), scope.threadId()),
                    new Totals(amounts.currency(), plain(amounts.subtotal()), plain(amounts.volumeDiscount()),
                            plain(amounts.tax()), plain(amounts.total()), invoice.events()),
                    new Dates(date(lifecycle.issueDate()), date(lifecycle.dueDate()), date(lifecycle.paidDate())),
                    lifecycle.creditsInvoiceId());
        }
    }

    record Coverage(@JsonProperty("period_start") String periodStart, @JsonProperty("period_end") String periodEnd,
                    @JsonProperty("thread_id") Long threadId) {
    }

    record Totals(String currency, String subtotal, @JsonProperty("volume_discount") String volumeDiscount, String tax,
                  String total, long events) {
    }

    record Dates(@JsonProperty("issue_date") String issueDate, @JsonProperty("due_date") String dueDate,
                 @JsonProperty("paid_date") String paidDate) {
    }

    /**
     * One invoice with its lines; {@code bills} is usage or top_up; credits_applied (before tax) and remaining_balance
     * (when issued) are null on a postpaid organization's invoices.
     */
    record InvoiceDetail(@JsonUnwrapped InvoiceSummary invoice, String bills, @JsonProperty("credits_applied") String creditsApplied,
                         @JsonProperty("remaining_balance") String remainingBalance, InvoiceBilling billing,
                         List<InvoiceLineJson> lines) {

        static InvoiceDetail of(Invoice invoice, List<InvoiceLine> lines) {
            Invoice.BillTo billTo = invoice.billTo();
            Invoice.Credits credits = invoice.credits();
            return new InvoiceDetail(InvoiceSummary.of(invoice), invoice.scope().bills().name().toLowerCase(Locale.ROOT),
                    credits == null ? null : plain(credits.applied()), credits == null ? null : plain(credits.remainingBalance()),
                    new InvoiceBilling(text(billTo.name()), text(billTo.address()), text(billTo.email()), plain(billTo.taxRatePercent())),
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
