package dev.tokentally.credits;

import java.time.Instant;
import java.util.UUID;

import dev.tokentally.base.Money;

/** One change of a wallet's balance, never changed after it is written; {@code amount} is signed. */
public record WalletEntry(long id, long organizationId, Long grantId, EntryKind kind, Money amount, Money balanceAfter,
                          UUID usageEventId, Long invoiceId, String idempotencyKey, Instant occurredAt) {
}
