package dev.tokentally.pricing;

/** Where a price version came from. */
public enum PriceSource {
    /** The catalog shipped with Tokentally. */
    CATALOG,
    /** A file an admin imported. */
    IMPORT,
    /** A provider's price list, pulled by the price sync. */
    SYNC,
    /** Typed in by an admin. */
    MANUAL
}
