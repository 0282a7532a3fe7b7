package dev.tokentally.pricing;

import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finds the price in effect for a call: the model by name, alias or dated snapshot
 * ({@code gpt-4o-mini-2024-07-18} is {@code gpt-4o-mini} unless the catalog knows the snapshot), then
 * the version that had started at the moment of the call. Used by every source of usage, so it asks
 * for no signed-in user.
 */
@Service
@Transactional(readOnly = true)
public class PriceLookup {

    private final PriceStore store;

    PriceLookup(PriceStore store) {
        this.store = store;
    }

    /**
     * Empty when the catalog does not know the model; a result with no price when the model has no
     * version in effect at that moment (the usage is then unpriced).
     */
    public Optional<ModelPricing> priceAt(String providerCode, String modelName, Instant at) {
        return resolve(providerCode, modelName).map(id -> new ModelPricing(id, providerCode, modelName,
                store.semanticsOfModel(id).orElseThrow(), store.versionAt(id, at).orElse(null)));
    }

    /** The model with every price version, for pricing many calls of it; empty when the catalog does not know it. */
    public Optional<PricedModel> model(String providerCode, String modelName) {
        return resolve(providerCode, modelName).map(id -> new PricedModel(id, store.semanticsOfModel(id).orElseThrow(),
                store.versions(id)));
    }

    private Optional<Long> resolve(String providerCode, String modelName) {
        return store.modelId(providerCode, modelName)
                .or(() -> ModelNames.undated(modelName).flatMap(base -> store.modelId(providerCode, base)));
    }

    /** The version of a known model in effect at a moment, for re-pricing recorded usage. */
    public Optional<PriceVersion> versionAt(long modelId, Instant at) {
        return store.versionAt(modelId, at);
    }
}
