package dev.tokentally.usage;

import dev.tokentally.base.Money;

/** One row of a "top users / models / agents" list. */
public record TopEntry(String label, long requests, long totalTokens, Money cost) {
}
