package dev.tokentally.pricing;

/** A new price version would not start after the model's latest one. */
public class PriceOverlapException extends RuntimeException {

    public PriceOverlapException(String message) {
        super(message);
    }
}
