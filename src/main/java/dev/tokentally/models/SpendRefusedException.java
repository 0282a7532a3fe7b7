package dev.tokentally.models;

/** A call a budget does not allow; the message says why, what is left and whom to ask. */
public class SpendRefusedException extends RuntimeException {

    public SpendRefusedException(String message) {
        super(message);
    }
}
