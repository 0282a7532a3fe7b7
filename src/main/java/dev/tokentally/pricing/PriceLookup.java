package dev.tokentally.pricing;

import java.time.Clock;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finds a call's model by name, alias or dated snapshot ({@code gpt-4o-mini-2024-07-18} is
 * {@code gpt-4o-mini} unless the catalog knows the snapshot), with the price versions that say what
 * was in effect at any moment. Used by every source of usage, so it asks for no signed-in user.
 */
@Service
@Transactional(readOnly = true)
public class PriceLookup {

    private final PriceStore store;
    private final Clock clock;

    PriceLookup(PriceStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The model with every price version, for pricing many calls of it; empty when the catalog does not know it. */
    public Optional<PricedModel> model(String providerCode, String modelName) {
        return resolve(providerCode, modelName).map(id -> new PricedModel(id, store.semanticsOfModel(id).orElseThrow(),
                store.versions(id)));
    }

    /** A catalog model by id with every price version. */
    public Optional<PricedModel> model(long modelId) {
        return store.semanticsOfModel(modelId).map(semantics -> new PricedModel(modelId, semantics, store.versions(modelId)));
    }

    /** A catalog model's names, limits and current price, for callers that let members pick a model. */
    public Optional<CatalogModel> describe(long modelId) {
        return store.model(modelId, clock.instant());
    }

    private Optional<Long> resolve(String providerCode, String modelName) {
        return store.modelId(providerCode, modelName)
                .or(() -> ModelNames.undated(modelName).flatMap(base -> store.modelId(providerCode, base)));
    }
}
