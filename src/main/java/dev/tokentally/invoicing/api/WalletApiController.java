package dev.tokentally.invoicing.api;

import java.math.BigDecimal;
import java.util.List;

import dev.tokentally.apikeys.ApiKeyPrincipal;
import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.base.api.ApiProblem;
import dev.tokentally.base.api.PresentedApiKey;
import dev.tokentally.credits.Wallets;
import dev.tokentally.invoicing.Invoice;
import dev.tokentally.invoicing.Invoices;
import dev.tokentally.invoicing.TopUps;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API key's organization's wallet: balance and grants, its transactions page by page, and top-ups bought by
 * invoice (credits arrive once the invoice is paid; free credits are never given through the API). Reading needs
 * the {@code ingest} scope like every REST call; buying also the {@code billing} scope.
 */
@RestController
@RequestMapping(path = "/api/v1/wallet", produces = MediaType.APPLICATION_JSON_VALUE)
class WalletApiController {

    static final int MAX_PAGE_SIZE = 200;
    static final int MAX_PAGE = 100_000;

    /** The body of a top-up: the net amount of credits to buy, in the organization's billing currency. */
    record TopUpRequest(@NotNull(message = "is required") BigDecimal amount) {
    }

    private final Wallets wallets;
    private final TopUps topUps;
    private final Invoices invoices;
    private final ApiKeys apiKeys;

    WalletApiController(Wallets wallets, TopUps topUps, Invoices invoices, ApiKeys apiKeys) {
        this.wallets = wallets;
        this.topUps = topUps;
        this.invoices = invoices;
        this.apiKeys = apiKeys;
    }

    @Operation(summary = "The wallet: balance, mode, active grants in consumption order, automatic top-up",
            description = "Scope: ingest.")
    @GetMapping
    WalletJson.Wallet wallet(@AuthenticationPrincipal ApiKeyPrincipal key) {
        return WalletJson.Wallet.of(wallets.summary(key.organizationId()));
    }

    @Operation(summary = "The wallet's transactions, newest first: grants, consumption, expiry",
            description = "Scope: ingest. page from 0, size 1 to " + MAX_PAGE_SIZE + "; the answer has the total and the next page's link.")
    @GetMapping("/transactions")
    WalletJson.TransactionPage transactions(@AuthenticationPrincipal ApiKeyPrincipal key,
                                            @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
                                            @RequestParam(defaultValue = "50") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        long total = wallets.entryCount(key.organizationId());
        List<WalletJson.Transaction> entries = wallets.entries(key.organizationId(), page * size, size).stream()
                .map(WalletJson.Transaction::of).toList();
        String next = (long) (page + 1) * size < total ? "/api/v1/wallet/transactions?page=" + (page + 1) + "&size=" + size : null;
        return new WalletJson.TransactionPage(page, size, total, next, entries);
    }

    @Operation(summary = "Buy credits: issues a top-up invoice; the credits arrive when it is paid",
            description = "Scopes: ingest and billing. Header Idempotency-Key (1 to " + TopUps.KEY_LENGTH + " characters) is "
                    + "required: the same key again answers 200 with the same invoice; with another amount 409. "
                    + "201 with the invoice when issued. Amount above 0, at most two decimals.")
    @PostMapping(path = "/top-ups", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<InvoicesJson.InvoiceDetail> topUp(@AuthenticationPrincipal ApiKeyPrincipal key, HttpServletRequest request,
                                                     @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                                     @Valid @RequestBody TopUpRequest body) {
        boolean billing = PresentedApiKey.of(request).flatMap(secret -> apiKeys.authenticate(secret, ApiKeySettings.BILLING))
                .isPresent();
        if (!billing) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "Forbidden", "This API key lacks the billing scope needed to buy credits.",
                    List.of());
        }
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > TopUps.KEY_LENGTH) {
            throw ApiProblem.invalidParameter("Idempotency-Key", "header of 1 to " + TopUps.KEY_LENGTH + " characters is required");
        }
        boolean repeated = topUps.requested(key.organizationId(), idempotencyKey).isPresent();
        Invoice invoice;
        try {
            invoice = topUps.request(key.organizationId(), body.amount(), idempotencyKey);
        } catch (TopUps.KeyReusedException reused) {
            throw ApiProblem.conflict("Idempotency key reused", reused.getMessage());
        }
        return ResponseEntity.status(repeated ? HttpStatus.OK : HttpStatus.CREATED)
                .header("Location", "/api/v1/invoices/" + invoice.id())
                .body(InvoicesJson.InvoiceDetail.of(invoice, invoices.linesFor(key.organizationId(), invoice.id())));
    }
}
