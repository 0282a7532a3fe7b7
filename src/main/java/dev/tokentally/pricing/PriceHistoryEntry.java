package dev.tokentally.pricing;

import java.time.Instant;

/** A price version as the history shows it: in effect from its start until {@code effectiveTo} (null: still). */
public record PriceHistoryEntry(PriceVersion version, Instant effectiveTo, PriceSource source, String createdBy,
                                String note, Instant createdAt) {
}
