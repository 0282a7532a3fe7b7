package dev.tokentally.models;

/**
 * A call a limit does not allow; the message says why, what is left and whom to ask, the code which limit refused it
 * (the gateway answers it as the error's code).
 */
public class SpendRefusedException extends RuntimeException {

    /** A hard budget has no room for the call. */
    public static final String BUDGET_EXCEEDED = "budget_exceeded";
    /** A prepaid organization's balance cannot cover the call. */
    public static final String BALANCE_EXHAUSTED = "balance_exhausted";

    private final String code;

    public SpendRefusedException(String message) {
        this(BUDGET_EXCEEDED, message);
    }

    public SpendRefusedException(String code, String message) {
        super(message, null, false, false); // an answer to the caller, never a fault: a stack trace would cost the refusal most of its time
        this.code = code;
    }

    public String code() {
        return code;
    }
}
