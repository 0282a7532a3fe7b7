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
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import dev.tokentally.base.HtmlPdf;
import dev.tokentally.base.Money;
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

    static byte[] render(Invoice invoice, List<InvoiceLine> lines, String organizationName, String localeTag) {
        // Numbers as the screens print them (see MoneyText); only dates follow the organization's document locale.
        DateTimeFormatter dates = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(Locale.forLanguageTag(localeTag));
        Function<BigDecimal, String> money = amount -> MoneyText.format(new Money(amount, invoice.amounts().currency()));
        DecimalFormat unit = new DecimalFormat("#,##0.00####", DecimalFormatSymbols.getInstance(Locale.ENGLISH));
        boolean credit = invoice.kind() == Invoice.Kind.CREDIT_NOTE;

        StringBuilder rows = new StringBuilder();
        for (InvoiceLine line : lines) {
            boolean requests = line.description().endsWith("requests");
            String per = invoice.scope().bills() == Invoice.Bills.TOP_UP ? "" : requests ? " / request" : " / 1M";
            rows.append("<tr><td>").append(e(line.description())).append("</td><td class=\"n\">")
                    .append(e(count(line.quantity()))).append("</td><td class=\"n\">")
                    .append(e(invoice.amounts().currency() + " " + unit.format(line.unitPrice()) + per))
                    .append("</td><td class=\"n\">").append(e(money.apply(line.amount()))).append("</td></tr>");
        }
        String html = """
                <html><head><style>
                @page { size: A4; margin: 18mm 16mm 24mm 16mm;
                  @bottom-center { content: element(footer); } }
                body { font-family: 'Invoice Sans'; font-size: 10pt; color: #1a1a1a; }
                h1 { font-size: 18pt; margin: 0 0 4mm 0; }
                .muted { color: #666; }
                table { width: 100%%; border-collapse: collapse; }
                .lines th { text-align: left; border-bottom: 1px solid #999; padding: 2mm 1mm; }
                .lines td { border-bottom: 1px solid #ddd; padding: 1.5mm 1mm; }
                .n { text-align: right; white-space: nowrap; }
                .lines tr.sum td { border-bottom: none; padding: 1mm; }
                .lines tr.total td { font-size: 12pt; border-top: 1px solid #999; }
                #footer { position: running(footer); font-size: 8pt; color: #666; }
                </style></head><body>
                <div id="footer">%s</div>
                <table><tr><td><h1>%s</h1><div class="muted">%s</div></td>
                <td class="n"><strong>%s</strong><br/>Tokentally usage billing</td></tr></table>
                <table style="margin-top: 8mm;"><tr>
                <td style="width: 55%%;"><div class="muted">Billed to</div><div>%s</div><div>%s</div><div>%s</div></td>
                <td><div>Number: %s</div><div>Issued: %s</div><div>%s</div><div>%s</div></td></tr></table>
                <table class="lines" style="margin-top: 8mm;"><thead><tr><th>Description</th><th class="n">Quantity</th>
                <th class="n">Unit price</th><th class="n">Amount</th></tr></thead><tbody>%s
                <tr class="sum"><td colspan="3" class="n">Subtotal</td><td class="n">%s</td></tr>
                %s
                <tr class="sum"><td colspan="3" class="n">Tax (%s %%)</td><td class="n">%s</td></tr>
                <tr class="sum total"><td colspan="3" class="n"><strong>Total</strong></td><td class="n"><strong>%s</strong></td></tr>
                %s
                </tbody></table>
                <p class="muted" style="margin-top: 6mm;">%s</p>
                </body></html>
                """.formatted(
                e(ROUNDING_RULE + " Amounts in " + invoice.amounts().currency() + "; unit prices include the agreed markup."),
                credit ? "Credit note" : "Invoice", e(invoice.coverage()), e(organizationName),
                e(nullToEmpty(invoice.billTo().name())), multiline(invoice.billTo().address()), e(nullToEmpty(invoice.billTo().email())),
                e(invoice.number()), e(format(dates, invoice.lifecycle().issueDate())),
                invoice.lifecycle().dueDate() == null ? "" : "Due: " + e(format(dates, invoice.lifecycle().dueDate())),
                invoice.events() > 0 ? e(count(invoice.events()) + " usage events") : "",
                rows, e(money.apply(invoice.amounts().subtotal())),
                (invoice.amounts().volumeDiscount().signum() > 0 ? "<tr class=\"sum\"><td colspan=\"3\" class=\"n muted\">Volume discount (included above)</td><td class=\"n muted\">"
                        + e(money.apply(invoice.amounts().volumeDiscount().negate())) + "</td></tr>" : "")
                        + creditsApplied(invoice, money),
                e(invoice.billTo().taxRatePercent().stripTrailingZeros().toPlainString()), e(money.apply(invoice.amounts().tax())),
                e(money.apply(invoice.amounts().total())), remainingBalance(invoice, money),
                credit ? e("This credit note cancels the invoice it refers to; its amounts are negative.") : "");
        return pdf(html);
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
            String text = "PAID " + paidOn;
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
        return invoice.credits() == null ? "" : "<tr class=\"sum\"><td colspan=\"3\" class=\"n\">Credits applied</td><td class=\"n\">"
                + e(money.apply(invoice.credits().applied().negate())) + "</td></tr>";
    }

    private static String remainingBalance(Invoice invoice, Function<BigDecimal, String> money) {
        return invoice.credits() == null || invoice.credits().remainingBalance() == null ? ""
                : "<tr class=\"sum\"><td colspan=\"3\" class=\"n muted\">Remaining balance</td><td class=\"n muted\">"
                + e(money.apply(invoice.credits().remainingBalance())) + "</td></tr>";
    }

    private static String format(DateTimeFormatter formatter, LocalDate date) {
        return date == null ? "" : formatter.format(date);
    }

    private static String multiline(String text) {
        return text == null ? "" : e(text).replace("\n", "<br/>");
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
