package dev.tokentally.usage;

/** The idempotency key was used before for a call with other counts: one of the two reports is wrong. */
public class UsageConflictException extends RuntimeException {

    public UsageConflictException(String idempotencyKey) {
        super("The idempotency key " + idempotencyKey + " was recorded before with other provider, model or token counts");
    }
}
