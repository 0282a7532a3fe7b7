package dev.tokentally.credits;

import dev.tokentally.base.Money;

/**
 * Published inside the transaction that changed an organization's balance (a grant, the consumption of one
 * recording transaction, an expiry). Listeners that must not slow the recording listen after commit
 * ({@code @TransactionalEventListener}).
 */
public record WalletBalanceChanged(long organizationId, Money before, Money after) {
}
