package dev.tokentally.invoicing.api;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tokentally.base.NotFoundException;
import dev.tokentally.invoicing.Invoice;
import dev.tokentally.invoicing.InvoiceLine;
import dev.tokentally.invoicing.Invoices;
import dev.tokentally.organizations.ApiKeyPrincipal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API key's organization's issued invoices and credit notes (drafts are still being computed and stay in
 * the application); money as decimal strings, dates as YYYY-MM-DD.
 */
@RestController
class InvoicesApiController {

    static final int MAX_PAGE_SIZE = 200;
    static final int MAX_PAGE = 100_000;

    private final Invoices invoices;

    InvoicesApiController(Invoices invoices) {
        this.invoices = invoices;
    }

    @GetMapping(path = "/api/v1/invoices", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> list(@AuthenticationPrincipal ApiKeyPrincipal key, @RequestParam(defaultValue = "0") int page,
                             @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || page > MAX_PAGE || size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page must be between 0 and " + MAX_PAGE + " and size between 1 and " + MAX_PAGE_SIZE);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page", page);
        body.put("size", size);
        body.put("invoices", invoices.listFor(key.organizationId(), page * size, size).stream().map(InvoicesApiController::summary).toList());
        return body;
    }

    @GetMapping(path = "/api/v1/invoices/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> get(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable long id) {
        Invoice invoice = invoices.findFor(key.organizationId(), id).orElseThrow(() -> new NotFoundException("No such invoice"));
        Map<String, Object> body = summary(invoice);
        body.put("billing", Map.of("name", text(invoice.billingName()), "address", text(invoice.billingAddress()),
                "email", text(invoice.billingEmail()), "tax_rate_percent", plain(invoice.taxRatePercent())));
        List<InvoiceLine> lines = invoices.linesFor(key.organizationId(), id);
        body.put("lines", lines.stream().map(line -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("position", line.position());
            row.put("description", line.description());
            row.put("quantity", line.quantity());
            row.put("unit_price", plain(line.unitPrice()));
            row.put("amount", plain(line.amount()));
            return row;
        }).toList());
        return body;
    }

    @GetMapping(path = "/api/v1/invoices/{id}/pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    ResponseEntity<byte[]> pdf(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable long id) {
        Invoice invoice = invoices.findFor(key.organizationId(), id).orElseThrow(() -> new NotFoundException("No such invoice"));
        byte[] pdf = invoices.pdfFor(key.organizationId(), id)
                .orElseThrow(() -> new IllegalStateException("A draft has no PDF yet; it is rendered when the invoice is issued"));
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + invoice.number() + ".pdf\"")
                .contentType(MediaType.APPLICATION_PDF).body(pdf);
    }

    @ExceptionHandler
    ProblemDetail notFound(NotFoundException missing) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, missing.getMessage());
        problem.setTitle("Not found");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail conflict(IllegalStateException refused) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, refused.getMessage());
        problem.setTitle("Not available in this state");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail badRequest(IllegalArgumentException invalid) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, invalid.getMessage());
        problem.setTitle("Invalid request");
        return problem;
    }

    private static Map<String, Object> summary(Invoice invoice) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", invoice.id());
        row.put("kind", invoice.kind().name().toLowerCase());
        row.put("number", invoice.number());
        row.put("status", invoice.status().name().toLowerCase());
        row.put("period_start", date(invoice.periodStart()));
        row.put("period_end", date(invoice.periodEnd()));
        row.put("thread_id", invoice.threadId());
        row.put("currency", invoice.currency());
        row.put("subtotal", plain(invoice.subtotal()));
        row.put("volume_discount", plain(invoice.volumeDiscount()));
        row.put("tax", plain(invoice.tax()));
        row.put("total", plain(invoice.total()));
        row.put("events", invoice.events());
        row.put("issue_date", date(invoice.issueDate()));
        row.put("due_date", date(invoice.dueDate()));
        row.put("paid_date", date(invoice.paidDate()));
        row.put("credits_invoice_id", invoice.creditsInvoiceId());
        return row;
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
