package dev.tokentally.usage;

/** What recording one report of a batch did: a result, or the conflict that kept it out. */
public record BatchOutcome(RecordResult result, UsageConflictException conflict) {
}
