package dev.tokentally.pricing;

import java.time.Instant;
import java.util.List;

/** A resolved model with all its price versions, oldest first: prices many calls without asking again. */
public record PricedModel(long modelId, TokenSemantics semantics, List<PriceVersion> versions) {

    /** The version in effect at the instant, or null when none had started (the call is unpriced). */
    public PriceVersion versionAt(Instant at) {
        PriceVersion found = null;
        for (PriceVersion version : versions) {
            if (version.effectiveFrom().isAfter(at)) {
                break;
            }
            found = version;
        }
        return found;
    }
}
