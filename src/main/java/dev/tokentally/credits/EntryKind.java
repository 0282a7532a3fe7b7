package dev.tokentally.credits;

/** What moved a wallet's balance: credit granted (positive), used by a usage event or expired (negative). */
public enum EntryKind {
    GRANT, CONSUMPTION, EXPIRY
}
