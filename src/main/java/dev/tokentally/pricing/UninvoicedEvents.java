package dev.tokentally.pricing;

import java.time.Instant;

/**
 * Implemented by the usage ledger: how many recorded, not yet invoiced events of a model fall into a
 * time range, so that a back-dated price can say what it will re-price.
 */
public interface UninvoicedEvents {

    long countEvents(long modelId, Instant from, Instant to);
}
