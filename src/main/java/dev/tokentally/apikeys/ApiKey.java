package dev.tokentally.apikeys;

import java.time.Instant;

/**
 * An organization's API key as admins see it: never the secret, only its first characters.
 *
 * @param previousSecretUntil after a rotation, when the old secret stops working; null when it has none
 */
public record ApiKey(long id, long organizationId, String name, String prefix, String createdBy, Instant createdAt,
                     Instant expiresAt, Instant revokedAt, Instant lastUsedAt, Instant previousSecretUntil) {

    public boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
