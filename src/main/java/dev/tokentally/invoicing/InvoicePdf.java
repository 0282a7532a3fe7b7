package dev.tokentally.invoicing;

import static dev.tokentally.base.HtmlPdf.count;
import static dev.tokentally.base.HtmlPdf.e;
import static dev.tokentally.base.HtmlPdf.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import dev.tokentally.base.HtmlPdf;
import dev.tokentally.base.Money;
import dev.tokentally.base.ui.DateText;
import dev.tokentally.base.ui.MoneyText;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Renders an issued document as PDF ({@link HtmlPdf}); text its font cannot print is refused before issuing
 * rather than printed as empty boxes.
 */
final class InvoicePdf {

    static final String ROUNDING_RULE = "Each line's amount is its exact cost rounded once, half-up, to the currency's "
            + "smallest unit; the subtotal is the sum of the rounded lines; tax is computed on the subtotal and rounded "
            + "the same way.";

    private InvoicePdf() {
    }

    static byte[] render(Invoice invoice, List<InvoiceLine> lines, Seller seller) {
        Function<BigDecimal, String> money = amount -> MoneyText.format(new Money(amount, invoice.amounts().currency()));
        DecimalFormat unit = new DecimalFormat("#,##0.00####", DecimalFormatSymbols.getInstance(Locale.ENGLISH));
        boolean credit = invoice.kind() == Invoice.Kind.CREDIT_NOTE;
        Invoice.BillTo billTo = invoice.billTo();
        Invoice.Amounts amounts = invoice.amounts();

        StringBuilder rows = new StringBuilder();
        for (InvoiceLine line : lines) {
            boolean requests = line.description().endsWith("requests");
            String per = invoice.scope().bills() == Invoice.Bills.TOP_UP ? "" : requests ? " / request" : " / 1M";
            rows.append("<tr><td>").append(e(line.description())).append("</td><td class=\"n\">")
                    .append(e(count(line.quantity()))).append("</td><td class=\"n\">")
                    .append(e(amounts.currency() + " " + unit.format(line.unitPrice()) + per))
                    .append("</td><td class=\"n\">").append(e(money.apply(line.amount()))).append("</td></tr>");
        }
        // The totals are rows of the lines table, so they stand in the amount column; one row each.
        StringBuilder sums = new StringBuilder(sum("Subtotal", money.apply(amounts.subtotal()), "sum"));
        if (amounts.volumeDiscount().signum() != 0) {
            sums.append(sum("Volume discount (included above)", money.apply(amounts.volumeDiscount().negate()), "sum muted"));
        }
        sums.append(creditsApplied(invoice, money));
        sums.append(sum("Tax (" + percent(billTo.taxRatePercent()) + " %)", money.apply(amounts.tax()), "sum"));
        sums.append(sum("Total", money.apply(amounts.total()), "sum total"));
        sums.append(remainingBalance(invoice, money));

        StringBuilder notes = new StringBuilder();
        if (seller.reverseCharge(billTo.taxRatePercent(), billTo.vatId())) {
            notes.append(paragraph(Seller.REVERSE_CHARGE_NOTE));
        }
        if (credit) {
            notes.append(paragraph("This credit note cancels the invoice it refers to; its amounts are negative."));
        } else if (seller.hasBankAccount() && invoice.lifecycle().dueDate() != null) {
            notes.append(paragraph("Please pay " + money.apply(amounts.total()) + " by " + DateText.format(invoice.lifecycle().dueDate())
                    + " to the account below, quoting " + invoice.number() + "."));
        }
        String html = """
                <html><head><style>
                @page { size: A4; margin: 18mm 16mm 30mm 16mm;
                  @bottom-center { content: element(footer); } }
                body { font-family: 'Invoice Sans'; font-size: 10pt; color: #1a1a1a; }
                h1 { font-size: 18pt; margin: 0 0 4mm 0; }
                .muted { color: #666; }
                table { width: 100%%; border-collapse: collapse; }
                td { vertical-align: top; }
                .lines th { text-align: left; border-bottom: 1px solid #999; padding: 2mm 1mm; }
                .lines td { border-bottom: 1px solid #ddd; padding: 1.5mm 1mm; }
                .n, .lines th.n { text-align: right; white-space: nowrap; }
                .lines tr.sum td { border-bottom: none; padding: 1mm; }
                .lines tr.total td { font-size: 12pt; font-weight: bold; border-top: 1px solid #999; }
                #footer { position: running(footer); font-size: 8pt; color: #666; }
                </style></head><body>
                <div id="footer"><div>%s</div><div>%s</div><div>%s</div></div>
                <table><tr><td><h1>%s</h1><div class="muted">%s</div></td>
                <td class="n"><strong>%s</strong>%s</td></tr></table>
                <table style="margin-top: 8mm;"><tr>
                <td style="width: 55%%;"><div class="muted">Billed to</div><div>%s</div><div>%s</div>%s<div>%s</div></td>
                <td><div>Number: %s</div><div>Issued: %s</div>%s<div>%s</div></td></tr></table>
                <table class="lines" style="margin-top: 8mm;"><thead><tr><th>Description</th><th class="n">Quantity</th>
                <th class="n">Unit price</th><th class="n">Amount</th></tr></thead><tbody>%s
                %s
                </tbody></table>
                %s
                </body></html>
                """.formatted(
                e(seller.identityLine()), e(seller.bankLine()),
                e(ROUNDING_RULE + " Amounts in " + amounts.currency() + "; unit prices include the agreed markup."),
                credit ? "Credit note" : "Invoice", e(invoice.coverage()),
                e(seller.legalName()), sellerDetails(seller),
                e(nullToEmpty(billTo.name())), multiline(billTo.address()),
                billTo.vatId() == null ? "" : "<div>VAT id: " + e(billTo.vatId()) + "</div>", e(nullToEmpty(billTo.email())),
                e(invoice.number()), e(DateText.format(invoice.lifecycle().issueDate())),
                invoice.lifecycle().dueDate() == null ? "" : "<div>Due: " + e(DateText.format(invoice.lifecycle().dueDate())) + "</div>",
                invoice.events() > 0 ? e(count(invoice.events()) + " usage events") : "",
                rows, sums, notes);
        return pdf(html);
    }

    /** A totals row: the label across the first three columns, the amount in the amount column. */
    private static String sum(String label, String amount, String classes) {
        return "<tr class=\"" + classes + "\"><td colspan=\"3\" class=\"n\">" + e(label) + "</td><td class=\"n\">"
                + e(amount) + "</td></tr>\n";
    }

    private static String paragraph(String text) {
        return "<p style=\"margin-top: 6mm;\">" + e(text) + "</p>";
    }

    private static String percent(BigDecimal rate) {
        return rate.stripTrailingZeros().toPlainString();
    }

    /** The seller's address lines, VAT id and email under its name. */
    private static String sellerDetails(Seller seller) {
        StringBuilder details = new StringBuilder();
        seller.address().forEach(line -> details.append("<br/>").append(e(line)));
        if (!seller.vatId().isEmpty()) {
            details.append("<br/>VAT id: ").append(e(seller.vatId()));
        }
        if (!seller.email().isEmpty()) {
            details.append("<br/>").append(e(seller.email()));
        }
        return details.toString();
    }

    /**
     * The issued PDF with "PAID" and the date stamped at the top right of its first page. The stored document stays
     * as it was issued; the stamp goes only on copies handed out after payment.
     */
    static byte[] markedPaid(byte[] issued, LocalDate paidOn) {
        try (PDDocument document = Loader.loadPDF(issued); ByteArrayOutputStream out = new ByteArrayOutputStream();
             InputStream fontFile = HtmlPdf.font()) {
            PDPage first = document.getPage(0);
            PDFont font = PDType0Font.load(document, fontFile);
            String text = "PAID " + DateText.format(paidOn);
            float size = 16;
            float width = font.getStringWidth(text) / 1000 * size;
            PDRectangle page = first.getMediaBox();
            try (PDPageContentStream stamp = new PDPageContentStream(document, first, PDPageContentStream.AppendMode.APPEND, true, true)) {
                stamp.setNonStrokingColor(0.1f, 0.5f, 0.25f);
                stamp.beginText();
                stamp.setFont(font, size);
                // Inside the top margin (18 mm), flush with the right margin (16 mm ≈ 45 pt).
                stamp.newLineAtOffset(page.getUpperRightX() - 45 - width, page.getUpperRightY() - 34);
                stamp.showText(text);
                stamp.endText();
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("The paid mark could not be stamped", e);
        }
    }

    /** On a usage invoice of a prepaid or mixed organization: the credits taken off before tax. */
    private static String creditsApplied(Invoice invoice, Function<BigDecimal, String> money) {
        return invoice.credits() == null ? "" : sum("Credits applied", money.apply(invoice.credits().applied().negate()), "sum");
    }

    private static String remainingBalance(Invoice invoice, Function<BigDecimal, String> money) {
        return invoice.credits() == null || invoice.credits().remainingBalance() == null ? ""
                : sum("Remaining balance", money.apply(invoice.credits().remainingBalance()), "sum muted");
    }

    private static String multiline(String text) {
        return text == null ? "" : e(text).replace("\n", "<br/>");
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
