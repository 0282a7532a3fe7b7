package dev.tokentally.providersync;

/** A sync step that failed for good: the run stops, nothing of the failed page is written. */
public class SyncException extends RuntimeException {

    public SyncException(String message) {
        super(message);
    }

    public SyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
