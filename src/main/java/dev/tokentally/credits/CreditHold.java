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
import dev.tokentally.organizations.TeamDirectory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A prepaid organization's balance as one more limit of the spend gate: in the gate's transaction, a call's worst case
 * is held against the balance under the wallet row's lock, so concurrent calls see each other's holds and together
 * never need more than the balance. The recording transaction consumes the real cost and lets the hold go.
 * Postpaid and mixed organizations are not held. A team with a wallet of its own (V40) is held the same way by its
 * balance alone, whatever the organization's mode: its credit is a sub-budget already taken out of the organization's.
 */
@Component
public class CreditHold {

    /** Where an organization admin buys credits, for refusals. */
    public static final String HOW_TO_TOP_UP =
            "An organization admin can buy credits on the Billing page or with POST /api/v1/wallet/top-ups.";

    /** Where a team's wallet is filled, for refusals. */
    static final String HOW_TO_FILL_A_TEAM =
            "An organization admin can move credit from the organization's balance to the team on the Billing page.";

    private final WalletModes modes;
    private final WalletStore store;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final TeamDirectory teams;

    CreditHold(WalletModes modes, WalletStore store, JdbcClient jdbc, Clock clock, TeamDirectory teams) {
        this.modes = modes;
        this.store = store;
        this.jdbc = jdbc;
        this.clock = clock;
        this.teams = teams;
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
            throw new SpendRefusedException(SpendRefusedException.BALANCE_EXHAUSTED, refusal("The organization's",
                    new Money(usable, worstCase.currency()), new Money(unavailable.held(), worstCase.currency()), worstCase,
                    HOW_TO_TOP_UP));
        }
        jdbc.sql("insert into wallet_reservation (call_id, organization_id, amount, expires_at) values (?, ?, ?, ?)")
                .params(callId, organizationId, amount, Timestamp.from(expiresAt)).update();
    }

    /** Whether calls charged to the team are held by the team's own wallet (a cached answer, as {@link #holds}). */
    public boolean holdsTeam(long teamId) {
        return modes.teamHasWallet(teamId);
    }

    /**
     * Holds {@code worstCase} of the team's balance for the call until {@code expiresAt}, as {@link #reserve} holds the
     * organization's.
     *
     * @throws SpendRefusedException with code {@value SpendRefusedException#BALANCE_EXHAUSTED}, naming the team, when the
     *                               team's balance, less what its calls in flight hold, is less than the worst case
     */
    public void reserveTeam(long organizationId, long teamId, UUID callId, Money worstCase, Instant expiresAt) {
        BigDecimal balance = jdbc.sql("""
                        select balance, (select set_config('synchronous_commit', 'off', true)) as holds_need_no_flush
                        from team_wallet where team_id = ? and organization_id = ? for update""")
                .params(teamId, organizationId).query((rs, row) -> rs.getBigDecimal("balance")).optional().orElse(null);
        if (balance == null) {
            return;
        }
        BigDecimal amount = worstCase.amount().setScale(Wallets.SCALE, RoundingMode.UP);
        BigDecimal held = store.teamReserved(teamId, clock.instant());
        if (balance.subtract(held).compareTo(amount) < 0) {
            String team = teams.of(organizationId).byId().get(teamId).name();
            throw new SpendRefusedException(SpendRefusedException.BALANCE_EXHAUSTED, refusal("The team " + team + "'s",
                    new Money(balance, worstCase.currency()), new Money(held, worstCase.currency()), worstCase, HOW_TO_FILL_A_TEAM));
        }
        jdbc.sql("insert into wallet_reservation (call_id, organization_id, team_id, amount, expires_at) values (?, ?, ?, ?, ?)")
                .params(callId, organizationId, teamId, amount, Timestamp.from(expiresAt)).update();
    }

    /** Lets the call's hold go (nothing when it holds none). */
    public void release(UUID callId) {
        jdbc.sql("delete from wallet_reservation where call_id = ?").param(callId).update();
    }

    private static String refusal(String whose, Money balance, Money held, Money worstCase, String howToTopUp) {
        String inFlight = held.amount().signum() == 0 ? "" : " of which " + MoneyText.format(held) + " is held for calls in flight,";
        return whose + " prepaid balance is " + MoneyText.format(balance) + "," + inFlight
                + " less than this call may cost (up to " + MoneyText.format(worstCase) + "). " + howToTopUp;
    }
}
