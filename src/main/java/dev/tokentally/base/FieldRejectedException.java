package dev.tokentally.base;

/**
 * A field's value that a service refuses beyond what its annotations check (an order, a relation to
 * another field); names the field so a form can mark it. {@link DuplicateValueException} is the case
 * of a value that must be unique.
 */
public class FieldRejectedException extends RuntimeException {

    private final String field;

    public FieldRejectedException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
