package dev.tokentally.base;

/**
 * A set of demo data a feature contributes. In demo mode each set is loaded once per database, in
 * {@link #order()}; a restart loads nothing again.
 */
public interface DemoData {

    /** A stable name; recorded once the set is loaded. */
    String name();

    /** Sets with a lower order load first (organizations before their usage, say). */
    default int order() {
        return 0;
    }

    /** Writes the set. Runs inside a transaction together with the record that it was loaded. */
    void load();
}
