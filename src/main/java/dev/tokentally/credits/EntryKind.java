package dev.tokentally.credits;

/**
 * What moved a wallet's balance: credit granted (positive), used by a usage event or expired (negative), or moved from
 * the organization's wallet to a team's (negative on the organization's, positive on the team's).
 */
public enum EntryKind {
    GRANT, CONSUMPTION, EXPIRY, TRANSFER
}
