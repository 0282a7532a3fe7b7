package dev.tokentally.invoicing.api;

import dev.tokentally.apikeys.ApiKeyPrincipal;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.api.ApiProblem;
import dev.tokentally.invoicing.Invoice;
import dev.tokentally.invoicing.Invoices;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API key's organization's issued invoices and credit notes (drafts are still being computed and stay in
 * the application); money as decimal strings, dates as YYYY-MM-DD. Refusals are problem details (see
 * {@code base.api.ApiProblemHandler}).
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
    InvoicesJson.InvoicePage list(@AuthenticationPrincipal ApiKeyPrincipal key,
                           @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
                           @RequestParam(defaultValue = "50") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        return new InvoicesJson.InvoicePage(page, size, invoices.listFor(key.organizationId(), page * size, size).stream()
                .map(InvoicesJson.InvoiceSummary::of).toList());
    }

    @GetMapping(path = "/api/v1/invoices/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    InvoicesJson.InvoiceDetail get(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable long id) {
        return InvoicesJson.InvoiceDetail.of(invoice(key, id), invoices.linesFor(key.organizationId(), id));
    }

    @GetMapping(path = "/api/v1/invoices/{id}/pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    ResponseEntity<byte[]> pdf(@AuthenticationPrincipal ApiKeyPrincipal key, @PathVariable long id) {
        Invoice invoice = invoice(key, id);
        byte[] pdf = invoices.pdfFor(key.organizationId(), id).orElseThrow(() -> ApiProblem.conflict(
                "Not available in this state", "A draft has no PDF yet; it is rendered when the invoice is issued"));
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + invoice.number() + ".pdf\"")
                .contentType(MediaType.APPLICATION_PDF).body(pdf);
    }

    private Invoice invoice(ApiKeyPrincipal key, long id) {
        return invoices.findFor(key.organizationId(), id).orElseThrow(() -> new NotFoundException("No such invoice"));
    }
}
