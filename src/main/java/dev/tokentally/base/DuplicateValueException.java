package dev.tokentally.base;

/** A value that must be unique is taken already; names the field so a form can mark it. */
public class DuplicateValueException extends FieldRejectedException {

    public DuplicateValueException(String field, String message) {
        super(field, message);
    }
}
