package dev.tokentally.base.api;

import java.io.IOException;

/** Thrown while reading a request body once it passes its limit; answered 413. */
public class BodyTooLargeException extends IOException {

    public BodyTooLargeException(long limit) {
        super("The request body must be at most " + limit + " bytes.");
    }
}
