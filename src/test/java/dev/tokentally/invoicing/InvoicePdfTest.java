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

    @Test
    void a_german_organizations_pdf_prints_amounts_as_the_screens_do() throws IOException {
        Invoice invoice = issued(new BigDecimal("12345.67"), new BigDecimal("2345.68"), new BigDecimal("14691.35"));
        List<InvoiceLine> lines = List.of(new InvoiceLine(1, "gpt-4o · output tokens", 1_234_567_890L,
                new BigDecimal("10.000000"), new BigDecimal("12345.67")));

        String text = text(InvoicePdf.render(invoice, lines, "Acme Corp", "de-DE"));

        // Acme's document locale is de-DE; the PDF used to print "12.345,67 €" while the screens print "EUR 12,345.67".
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
        PDFTextStripper stripper = new PDFTextStripper() {
            @Override
            protected void writeString(String text, List<TextPosition> positions) throws IOException {
                if (text.startsWith("EUR ") && !text.contains("/")) {
                    TextPosition last = positions.getLast();
                    amounts.add(text);
                    rightEdges.add(last.getXDirAdj() + last.getWidthDirAdj());
                }
                super.writeString(text, positions);
            }
        };
        try (PDDocument document = Loader.loadPDF(InvoicePdf.render(invoice, lines, "Acme Corp", "en-US"))) {
            stripper.getText(document);
        }

        // The line's amount, then subtotal, tax and total, each whole (the totals used to wrap in a narrow table of their own).
        assertThat(amounts).containsExactly("EUR 12,345.67", "EUR 12,345.67", "EUR 2,345.68", "EUR 14,691.35");
        assertThat(rightEdges).allSatisfy(edge -> assertThat(edge).isCloseTo(rightEdges.getFirst(), within(1f)));
    }

    static Invoice issued(BigDecimal subtotal, BigDecimal tax, BigDecimal total) {
        return new Invoice(1, 1, Invoice.Kind.INVOICE, "ACME-2026-0007", Invoice.Status.ISSUED,
                new Invoice.Scope(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), null, null, Invoice.Bills.USAGE),
                new Invoice.BillTo("Acme GmbH", "Friedrichstraße 1\n10117 Berlin", "billing@acme.test", new BigDecimal("19")),
                new Invoice.Amounts("EUR", subtotal, BigDecimal.ZERO.setScale(2), tax, total), 3,
                new Invoice.Lifecycle(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 31), null, null, null, null,
                        "admin@acme.test", Instant.parse("2026-12-01T08:00:00Z")), null);
    }

    static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document).replace('\u00a0', ' ');
        }
    }
}
