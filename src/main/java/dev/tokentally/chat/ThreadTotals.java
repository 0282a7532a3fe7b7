package dev.tokentally.chat;

import dev.tokentally.base.Money;

/** What a thread has cost so far: the sum of the ledger events of its answers. */
public record ThreadTotals(long messages, long answers, long inputTokens, long outputTokens, Money cost,
                           boolean anyEstimated) {
}
