package dev.tokentally.pricing;

/** A model provider: its code (as usage reports name it), display name and token semantics. */
public record Provider(long id, String code, String displayName, TokenSemantics semantics) {
}
