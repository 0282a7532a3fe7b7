package dev.tokentally.credits;

/** How an organization pays for its usage. */
public enum WalletMode {
    /** Invoiced after the fact (today's behaviour, and every organization's without a wallet). */
    POSTPAID,
    /** Usage burns credits; a call the balance cannot cover is refused. */
    PREPAID,
    /** Usage burns credits first; what they do not cover is invoiced. Calls are not held by the balance. */
    MIXED
}
