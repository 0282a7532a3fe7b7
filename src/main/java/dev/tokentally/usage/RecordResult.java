package dev.tokentally.usage;

/** What recording did: a new row, or the row an earlier report with the same key created. */
public record RecordResult(Status status, UsageEvent event) {

    public enum Status {
        RECORDED, DUPLICATE
    }
}
