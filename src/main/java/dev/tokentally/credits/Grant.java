package dev.tokentally.credits;

import java.time.Instant;

import dev.tokentally.base.Money;

/** Credit given to an organization; usage takes from {@code remaining}. {@code expiresAt} null: never expires. */
public record Grant(long id, long organizationId, GrantKind kind, Money amount, Money remaining, Instant expiresAt,
                    int priority, String note, Long invoiceId, Instant grantedAt) {
}
