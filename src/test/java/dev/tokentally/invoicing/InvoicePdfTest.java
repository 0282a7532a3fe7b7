package dev.tokentally.invoicing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import dev.tokentally.base.Money;
import dev.tokentally.base.ui.MoneyText;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;

class InvoicePdfTest {

    static final Seller SELLER = new Seller("Tokentally Test GmbH", List.of("Hauptstraße 5", "10115 Berlin"), "DE811907980",
            "billing@tokentally.test", "Test Bank", "DE89 3704 0044 0532 0130 00", "COBADEFFXXX");

    @Test
    void a_german_organizations_pdf_prints_amounts_as_the_screens_do() throws IOException {
        Invoice invoice = issued(new BigDecimal("12345.67"), new BigDecimal("2345.68"), new BigDecimal("14691.35"));
        List<InvoiceLine> lines = List.of(new InvoiceLine(1, "gpt-4o · output tokens", 1_234_567_890L,
                new BigDecimal("10.000000"), new BigDecimal("12345.67")));

        String text = text(InvoicePdf.render(invoice, lines, SELLER));

        // With Acme's former document locale de-DE, the PDF used to print "12.345,67 €" while the screens print "EUR 12,345.67".
        assertThat(text).contains("Subtotal EUR 12,345.67", "Tax (19 %) EUR 2,345.68", "Total EUR 14,691.35",
                        "1,234,567,890", "EUR 10.00 / 1M", MoneyText.format(new Money(invoice.amounts().total(), "EUR")))
                .doesNotContain("€", "12.345,67");
    }

    @Test
    void the_totals_stand_in_the_amount_column_on_one_line_each() throws IOException {
        Invoice invoice = issued(new BigDecimal("12345.67"), new BigDecimal("2345.68"), new BigDecimal("14691.35"));
        List<InvoiceLine> lines = List.of(new InvoiceLine(1, "gpt-4o · output tokens", 1_234_567_890L,
                new BigDecimal("10.000000"), new BigDecimal("12345.67")));
        List<String> amounts = new ArrayList<>();
        List<Float> rightEdges = new ArrayList<>();
        List<Float> headerEdge = new ArrayList<>();
        PDFTextStripper stripper = new PDFTextStripper() {
            @Override
            protected void writeString(String text, List<TextPosition> positions) throws IOException {
                if (text.equals("Amount")) {
                    headerEdge.add(positions.getLast().getXDirAdj() + positions.getLast().getWidthDirAdj());
                }
                if (text.startsWith("EUR ") && !text.contains("/")) {
                    TextPosition last = positions.getLast();
                    amounts.add(text);
                    rightEdges.add(last.getXDirAdj() + last.getWidthDirAdj());
                }
                super.writeString(text, positions);
            }
        };
        try (PDDocument document = Loader.loadPDF(InvoicePdf.render(invoice, lines, SELLER))) {
            stripper.getText(document);
        }

        // The line's amount, then subtotal, tax and total, each whole (the totals used to wrap in a narrow table of their own).
        assertThat(amounts).containsExactly("EUR 12,345.67", "EUR 12,345.67", "EUR 2,345.68", "EUR 14,691.35");
        assertThat(rightEdges).allSatisfy(edge -> assertThat(edge).isCloseTo(rightEdges.getFirst(), within(1f)));
        // The column's heading too (it stood at the left of the column).
        assertThat(headerEdge).singleElement().satisfies(edge -> assertThat(edge).isCloseTo(rightEdges.getFirst(), within(1f)));
    }

    @Test
    void the_pdf_names_the_seller_its_vat_id_and_bank_account_and_the_customers_vat_id() throws IOException {
        Invoice invoice = issued(new BigDecimal("1234.50"), new BigDecimal("234.56"), new BigDecimal("1469.06"));

        String text = words(InvoicePdf.render(invoice, List.of(line("1234.50")), SELLER));

        assertThat(text).contains("Tokentally Test GmbH", "Hauptstraße 5", "10115 Berlin", "VAT id: DE811907980",
                "billing@tokentally.test", "Test Bank · IBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX",
                "VAT id: DE129273398", "Subtotal EUR 1,234.50", "Please pay EUR 1,469.06 by 2026-12-31 to the account below, "
                        + "quoting ACME-2026-0007.");
    }

    @Test
    void dates_are_written_as_on_the_screens() throws IOException {
        String text = text(InvoicePdf.render(issued(new BigDecimal("1.00"), new BigDecimal("0.19"), new BigDecimal("1.19")),
                List.of(line("1.00")), SELLER));

        // With the document locale de-DE, the PDF used to write "01.12.2026" while the screens write 2026-12-01.
        assertThat(text).contains("Issued: 2026-12-01", "Due: 2026-12-31").doesNotContain("01.12.2026", "31.12.2026");
    }

    @Test
    void an_eu_business_in_another_country_billed_at_0_percent_gets_the_reverse_charge_note() throws IOException {
        String french = words(InvoicePdf.render(untaxed("FR40303265045"), List.of(line("100.00")), SELLER));
        String german = words(InvoicePdf.render(untaxed("DE129273398"), List.of(line("100.00")), SELLER));
        String swiss = words(InvoicePdf.render(untaxed("CH123456789"), List.of(line("100.00")), SELLER));
        String taxed = words(InvoicePdf.render(issued(new BigDecimal("100.00"), new BigDecimal("19.00"), new BigDecimal("119.00")),
                List.of(line("100.00")), SELLER));

        String note = "Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC)";
        assertThat(french).contains("VAT id: FR40303265045", "Tax (0 %) EUR 0.00", note);
        assertThat(german).as("a domestic customer").doesNotContain("Reverse charge");
        assertThat(swiss).as("outside the EU").doesNotContain("Reverse charge");
        assertThat(taxed).as("tax applied").doesNotContain("Reverse charge");
    }

    private static InvoiceLine line(String amount) {
        return new InvoiceLine(1, "gpt-4o · output tokens", 1_000_000L, new BigDecimal("10.000000"), new BigDecimal(amount));
    }

    private static Invoice untaxed(String vatId) {
        Invoice invoice = issued(new BigDecimal("100.00"), new BigDecimal("0.00"), new BigDecimal("100.00"));
        Invoice.BillTo billTo = invoice.billTo();
        return new Invoice(invoice.id(), invoice.organizationId(), invoice.kind(), invoice.number(), invoice.status(),
                invoice.scope(), new Invoice.BillTo(billTo.name(), billTo.address(), vatId, billTo.email(), BigDecimal.ZERO),
                invoice.amounts(), invoice.events(), invoice.lifecycle(), null);
    }

    static Invoice issued(BigDecimal subtotal, BigDecimal tax, BigDecimal total) {
        return new Invoice(1, 1, Invoice.Kind.INVOICE, "ACME-2026-0007", Invoice.Status.ISSUED,
                new Invoice.Scope(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), null, null, Invoice.Bills.USAGE),
                new Invoice.BillTo("Acme GmbH", "Friedrichstraße 1\n10117 Berlin", "DE129273398", "billing@acme.test",
                        new BigDecimal("19")),
                new Invoice.Amounts("EUR", subtotal, BigDecimal.ZERO.setScale(2), tax, total), 3,
                new Invoice.Lifecycle(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 31), null, null, null, null,
                        "admin@acme.test", Instant.parse("2026-12-01T08:00:00Z")), null);
    }

    /** The text with line breaks as spaces, for sentences the layout may wrap. */
    static String words(byte[] pdf) throws IOException {
        return text(pdf).replaceAll("\\s+", " ");
    }

    static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document).replace('\u00a0', ' ');
        }
    }
}
