package dev.tokentally.requests;

/** Whether an organization's request and response bodies are stored, and for how many days (1 to 365). */
public record BodyStorage(boolean enabled, int retentionDays) {

    public static final BodyStorage OFF = new BodyStorage(false, 7);

    public BodyStorage {
        if (retentionDays < 1 || retentionDays > 365) {
            throw new IllegalArgumentException("Bodies are kept for 1 to 365 days");
        }
    }
}
