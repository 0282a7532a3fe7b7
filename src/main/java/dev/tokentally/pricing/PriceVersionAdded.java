package dev.tokentally.pricing;

import java.time.Instant;

/** Published when a model gets a new price version: usage since {@code effectiveFrom} may need re-pricing. */
public record PriceVersionAdded(long modelId, String providerCode, String modelName, Instant effectiveFrom) {
}
