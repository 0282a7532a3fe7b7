package dev.tokentally.pricing;

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

    PriceLookup(PriceStore store) {
        this.store = store;
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
}
