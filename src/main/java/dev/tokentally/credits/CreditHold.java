package dev.tokentally.credits;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import dev.tokentally.base.Money;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.models.SpendRefusedException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A prepaid organization's balance as one more limit of the spend gate: in the gate's transaction, a call's worst case
 * is held against the balance under the wallet row's lock, so concurrent calls see each other's holds and together
 * never need more than the balance. The recording transaction consumes the real cost and lets the hold go.
 * Postpaid and mixed organizations are not held.
 */
@Component
public class CreditHold {

    /** Where an organization admin buys credits, for refusals. */
    public static final String HOW_TO_TOP_UP =
            "An organization admin can buy credits on the Billing page or with POST /api/v1/wallet/top-ups.";

    private final WalletModes modes;
    private final WalletStore store;
    private final JdbcClient jdbc;
    private final Clock clock;

    CreditHold(WalletModes modes, WalletStore store, JdbcClient jdbc, Clock clock) {
        this.modes = modes;
        this.store = store;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Whether the organization's calls are held by its balance (a cached answer: the gate asks for every call). */
    public boolean holds(long organizationId) {
        return modes.of(organizationId) == WalletMode.PREPAID;
    }

    /**
     * Holds {@code worstCase} of the organization's balance for the call until {@code expiresAt}, in the caller's
     * transaction (which must go on to make the call or roll back).
     *
     * @throws SpendRefusedException with code {@value SpendRefusedException#BALANCE_EXHAUSTED} when the balance, less
     *                               what calls in flight hold, is less than the worst case
     */
    public void reserve(long organizationId, UUID callId, Money worstCase, Instant expiresAt) {
        // The lock first, in a statement of its own: the holds are then read after every earlier holder committed.
        // Holds need no flush to disk before the lock goes, as the budgets' (see BudgetGate): a crash loses the calls too.
        WalletStore.Locked wallet = jdbc.sql("""
                        select mode, balance, (select set_config('synchronous_commit', 'off', true)) as holds_need_no_flush
                        from wallet where organization_id = ? for update""")
                .param(organizationId)
                .query((rs, row) -> new WalletStore.Locked(WalletMode.valueOf(rs.getString("mode")), rs.getBigDecimal("balance")))
                .optional().orElse(null);
        if (wallet == null || wallet.mode() != WalletMode.PREPAID) {
            return; // the mode changed since it was cached
        }
        BigDecimal amount = worstCase.amount().setScale(Wallets.SCALE, RoundingMode.UP);
        Instant now = clock.instant();
        WalletStore.Unavailable unavailable = store.unavailable(organizationId, now);
        BigDecimal usable = wallet.balance().subtract(unavailable.expired());
        if (usable.subtract(unavailable.held()).compareTo(amount) < 0) {
            throw new SpendRefusedException(SpendRefusedException.BALANCE_EXHAUSTED, refusal(new Money(usable, worstCase.currency()),
                    new Money(unavailable.held(), worstCase.currency()), worstCase));
        }
        jdbc.sql("insert into wallet_reservation (call_id, organization_id, amount, expires_at) values (?, ?, ?, ?)")
                .params(callId, organizationId, amount, Timestamp.from(expiresAt)).update();
    }

    /** Lets the call's hold go (nothing when it holds none). */
    public void release(UUID callId) {
        jdbc.sql("delete from wallet_reservation where call_id = ?").param(callId).update();
    }

    private static String refusal(Money balance, Money held, Money worstCase) {
        String inFlight = held.amount().signum() == 0 ? "" : " of which " + MoneyText.format(held) + " is held for calls in flight,";
        return "The organization's prepaid balance is " + MoneyText.format(balance) + "," + inFlight
                + " less than this call may cost (up to " + MoneyText.format(worstCase) + "). " + HOW_TO_TOP_UP;
    }
}
