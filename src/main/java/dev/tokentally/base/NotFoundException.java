package dev.tokentally.base;

/**
 * Something asked for does not exist, or not for the one asking: another organization's data is
 * answered exactly like missing data.
 */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
