package dev.tokentally.base;

/** A value that must be unique is taken already; names the field so a form can mark it. */
public class DuplicateValueException extends RuntimeException {

    private final String field;

    public DuplicateValueException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
