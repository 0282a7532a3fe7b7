package dev.tokentally.base;

/**
 * A set of rows a feature contributes to a new database: reference data (the price catalog) always,
 * demo data only in demo mode. Each set is loaded once per database, in {@link #order()}; a restart
 * loads nothing again.
 */
public interface SeedData {

    /** A stable name; recorded once the set is loaded. */
    String name();

    /** Sets with a lower order load first (organizations before their usage, say). */
    default int order() {
        return 0;
    }

    /** Demo data is loaded only in demo mode; reference data always. */
    boolean demoOnly();

    /** Writes the set. Runs inside a transaction together with the record that it was loaded. */
    void load();
}
