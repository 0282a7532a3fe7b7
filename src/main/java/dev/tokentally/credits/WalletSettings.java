package dev.tokentally.credits;

import java.math.BigDecimal;

/**
 * How an organization's wallet works, amounts in its billing currency; a null amount switches that part off.
 * Auto top-up takes both {@code autoTopUpBelow} and {@code autoTopUpAmount}.
 */
public record WalletSettings(WalletMode mode, BigDecimal autoTopUpBelow, BigDecimal autoTopUpAmount, BigDecimal lowBalanceAt) {

    /** What an organization without a wallet has. */
    public static final WalletSettings POSTPAID = new WalletSettings(WalletMode.POSTPAID, null, null, null);
}
