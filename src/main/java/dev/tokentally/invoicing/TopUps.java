package dev.tokentally.invoicing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.Role;
import dev.tokentally.base.AuditLog;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.LineRounding;
import dev.tokentally.credits.Wallets;
import dev.tokentally.organizations.BillingDetails;
import dev.tokentally.organizations.OrganizationService;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Prepaid credits bought by invoice: a top-up is issued at once (numbered like every invoice, one line "Prepaid
 * credits", taxed like every invoice, mailed), and its credits reach the wallet as a paid grant when the invoice is
 * marked paid, in the same transaction. Callers are the wallet API (its key's organization), the Billing page (a
 * signed-in admin, held to their own organization) and the automatic top-up.
 */
@Service
@Transactional
@EnableConfigurationProperties(TopUpProperties.class)
public class TopUps {

    /** The one line of a top-up invoice, and what it covers. */
    public static final String LINE = "Prepaid credits";
    public static final int KEY_LENGTH = 200;

    /** The same idempotency key was sent before with another amount. */
    public static class KeyReusedException extends IllegalStateException {
        KeyReusedException(String message) {
            super(message);
        }
    }

    private final InvoiceStore store;
    private final Invoices invoices;
    private final Wallets wallets;
    private final OrganizationService organizations;
    private final CurrentUser currentUser;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final TopUpProperties settings;

    TopUps(InvoiceStore store, Invoices invoices, Wallets wallets, OrganizationService organizations, CurrentUser currentUser,
           AuditLog audit, JdbcClient jdbc, Clock clock, TopUpProperties settings) {
        this.store = store;
        this.invoices = invoices;
        this.wallets = wallets;
        this.organizations = organizations;
        this.currentUser = currentUser;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Issues a top-up invoice of {@code amount} net (tax on top); the same key again gives the same invoice, with
     * another amount it is refused ({@link KeyReusedException}). The credits come once the invoice is paid.
     *
     * @throws FieldRejectedException when the amount is not positive, above the maximum or finer than the currency's cents
     */
    public Invoice request(long organizationId, BigDecimal amount, String idempotencyKey) {
        requireAdminOf(organizationId);
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > KEY_LENGTH) {
            throw new FieldRejectedException("idempotency_key", "An idempotency key of 1 to " + KEY_LENGTH + " characters");
        }
        BillingDetails billing = organizations.billingDetails(organizationId);
        BigDecimal net = valid(amount, billing.currency());
        Optional<Invoice> earlier = store.topUpByKey(organizationId, idempotencyKey);
        if (earlier.isPresent()) {
            return same(earlier.get(), net);
        }
        Long id = jdbc.sql("""
                        insert into invoice (organization_id, kind, status, bills, top_up_key, currency, created_by, created_at)
                        values (?, 'INVOICE', 'DRAFT', 'TOP_UP', ?, ?, ?, ?)
                        on conflict (organization_id, top_up_key) where top_up_key is not null do nothing returning id""")
                .params(organizationId, idempotencyKey, billing.currency(), AuditLog.actor(), Timestamp.from(clock.instant()))
                .query(Long.class).optional().orElse(null);
        if (id == null) {
            // A concurrent request with the same key won; it has committed by now.
            return same(store.topUpByKey(organizationId, idempotencyKey).orElseThrow(), net);
        }
        return issue(id, billing, net);
    }

    /** The top-up invoice requested with this idempotency key, if any. */
    @Transactional(readOnly = true)
    public Optional<Invoice> requested(long organizationId, String idempotencyKey) {
        currentUser.get().ifPresent(user -> currentUser.requireAccessTo(organizationId));
        return store.topUpByKey(organizationId, idempotencyKey);
    }

    /** The organization's newest top-up invoice waiting for payment. */
    @Transactional(readOnly = true)
    public Optional<Invoice> pending(long organizationId) {
        currentUser.get().ifPresent(user -> currentUser.requireAccessTo(organizationId));
        return store.pendingTopUp(organizationId);
    }

    /**
     * Issues the automatic top-up of the wallet's settings when its balance is below their threshold and no top-up
     * waits for payment. Concurrent callers queue on the organization's lock, so crossing the threshold many times
     * at once issues one invoice.
     */
    public Optional<Invoice> topUpIfLow(long organizationId) {
        var wallet = wallets.summary(organizationId);
        BigDecimal below = wallet.settings().autoTopUpBelow();
        BigDecimal amount = wallet.settings().autoTopUpAmount();
        if (below == null || amount == null || wallet.balance().amount().compareTo(below) >= 0) {
            return Optional.empty();
        }
        jdbc.sql("select pg_advisory_xact_lock(hashtext('top-up'), cast(? as integer))").param(organizationId)
                .query((rs, row) -> 1).single();
        if (store.pendingTopUp(organizationId).isPresent()) {
            return Optional.empty();
        }
        BillingDetails billing = organizations.billingDetails(organizationId);
        long id = jdbc.sql("""
                        insert into invoice (organization_id, kind, status, bills, auto_top_up, currency, created_by, created_at)
                        values (?, 'INVOICE', 'DRAFT', 'TOP_UP', true, ?, 'auto top-up', ?) returning id""")
                .params(organizationId, billing.currency(), Timestamp.from(clock.instant())).query(Long.class).single();
        return Optional.of(issue(id, billing, amount.setScale(LineRounding.digits(billing.currency()), RoundingMode.HALF_UP)));
    }

    private Invoice issue(long id, BillingDetails billing, BigDecimal net) {
        jdbc.sql("insert into invoice_line (invoice_id, position, description, quantity, unit_price, amount) values (?, 1, ?, 1, ?, ?)")
                .params(id, LINE, net, net).update();
        BigDecimal tax = InvoiceCalculator.tax(net, billing.taxRatePercent(), LineRounding.digits(billing.currency()));
        jdbc.sql("update invoice set subtotal = ?, tax_rate_percent = ?, tax = ?, total = ? where id = ?")
                .params(net, billing.taxRatePercent(), tax, net.add(tax), id).update();
        Invoice issued = invoices.freeze(id, billing, Invoice.Kind.INVOICE, null);
        audit.record("invoice", id, "issue top-up", null, issued.number() + ", " + net + " " + billing.currency() + " net");
        return issued;
    }

    private BigDecimal valid(BigDecimal amount, String currency) {
        if (amount == null || amount.signum() <= 0) {
            throw new FieldRejectedException("amount", "An amount above zero");
        }
        if (amount.compareTo(settings.maxAmount()) > 0) {
            throw new FieldRejectedException("amount", "At most " + settings.maxAmount().toPlainString() + " per top-up");
        }
        int digits = LineRounding.digits(currency);
        if (amount.stripTrailingZeros().scale() > digits) {
            throw new FieldRejectedException("amount", "At most " + digits + " decimals in " + currency);
        }
        return amount.setScale(digits);
    }

    private static Invoice same(Invoice earlier, BigDecimal net) {
        if (earlier.amounts().subtotal().compareTo(net) != 0) {
            throw new KeyReusedException("This idempotency key was used for a top-up of " + earlier.amounts().subtotal()
                    .toPlainString() + " " + earlier.amounts().currency() + "; use a new key for another amount");
        }
        return earlier;
    }

    /** A signed-in user must be an admin of the organization; the API and the automatic top-up have checked it. */
    private void requireAdminOf(long organizationId) {
        currentUser.get().ifPresent(user -> {
            if (!user.isPlatformAdmin() && user.role() != Role.ORG_ADMIN) {
                throw new AccessDeniedException("Only an admin buys credits");
            }
            currentUser.requireAccessTo(organizationId);
        });
    }
}
