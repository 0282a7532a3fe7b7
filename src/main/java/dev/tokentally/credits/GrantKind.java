package dev.tokentally.credits;

/** Where credit came from: a paid top-up, or given free (promotional, trial). */
public enum GrantKind {
    PAID, FREE
}
