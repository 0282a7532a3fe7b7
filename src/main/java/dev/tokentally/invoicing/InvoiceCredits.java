package dev.tokentally.invoicing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.UUID;

import dev.tokentally.base.LineRounding;
import dev.tokentally.credits.GrantKind;
import dev.tokentally.credits.WalletMode;
import dev.tokentally.credits.WalletSummary;
import dev.tokentally.credits.Wallets;
import dev.tokentally.usage.BillableEvents;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where invoices meet the wallet: the credits a usage invoice applies (what the wallet already paid for its
 * events, taken off before tax, so tax is charged on the overage only), and the paid grant of a paid top-up.
 * Rounding: usage fully paid by credits nets to zero; otherwise the credits are rounded half-up to the
 * currency's minor unit, never above the subtotal.
 */
@Component
class InvoiceCredits {

    /** Event ids asked of the wallet at a time, so an invoice of millions of events is read in bounded steps. */
    private static final int CHUNK = 5_000;

    private final Wallets wallets;
    private final BillableEvents usage;

    InvoiceCredits(Wallets wallets, BillableEvents usage) {
        this.wallets = wallets;
        this.usage = usage;
    }

    /**
     * The credits the selected events consumed; null for a postpaid organization whose events consumed none
     * (its invoice is as it always was).
     *
     * @param issuing whether the wallet's balance is noted as the remaining balance (at issue, not on a draft)
     */
    Invoice.Credits applied(long organizationId, BillableEvents.Selection selection, List<BillableEvents.Group> groups,
                            BigDecimal subtotal, String currency, boolean issuing) {
        BigDecimal consumed = consumed(selection, currency);
        WalletSummary wallet = wallets.summary(organizationId);
        if (consumed.signum() == 0 && wallet.settings().mode() == WalletMode.POSTPAID) {
            return null;
        }
        BigDecimal billed = groups.stream().map(BillableEvents.Group::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal applied = consumed.compareTo(billed) >= 0 ? subtotal
                : consumed.setScale(LineRounding.digits(currency), RoundingMode.HALF_UP).min(subtotal);
        return new Invoice.Credits(applied, issuing ? wallet.balance().rounded().amount() : null);
    }

    /** Part of marking a top-up invoice paid: its net amount becomes a paid grant, once however often it is asked. */
    @Transactional(propagation = Propagation.MANDATORY)
    void grantPaid(Invoice topUp) {
        wallets.grant(topUp.organizationId(), GrantKind.PAID, topUp.amounts().subtotal(), null, 0,
                "Top-up invoice " + topUp.number(), topUp.id(), "invoice:" + topUp.id());
    }

    private BigDecimal consumed(BillableEvents.Selection selection, String currency) {
        BigDecimal consumed = BigDecimal.ZERO;
        UUID after = null;
        while (true) {
            List<UUID> ids = usage.ids(selection, after, CHUNK);
            if (ids.isEmpty()) {
                return consumed;
            }
            consumed = consumed.add(wallets.appliedTo(ids, currency).amount());
            after = ids.getLast();
        }
    }
}
