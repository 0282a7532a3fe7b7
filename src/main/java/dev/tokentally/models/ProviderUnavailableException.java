package dev.tokentally.models;

/** A provider that cannot be called now: switched off, or its circuit is open after repeated failures. */
public class ProviderUnavailableException extends RuntimeException {

    public ProviderUnavailableException(String message) {
        super(message);
    }
}
