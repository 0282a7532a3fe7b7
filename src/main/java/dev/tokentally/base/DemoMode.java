package dev.tokentally.base;

/**
 * Whether this installation shows and loads demo data: on by default with the embedded database,
 * switched explicitly with {@code TOKENTALLY_DEMO}.
 */
public record DemoMode(boolean enabled) {
}
