package dev.tokentally.pricing;

import dev.tokentally.base.SeedData;
import org.springframework.stereotype.Component;

/**
 * The embedding models of the shipped price map (2026-07-24) that a provider connection can serve, for the
 * gateway's {@code /v1/embeddings}, priced per input token. A set of its own, so an installation seeded before
 * the gateway existed gets them on its next start. The map prices no OpenAI embedding model, so the gateway
 * offers none: a call it could not price would go unbilled.
 */
@Component
class EmbeddingCatalogSeed implements SeedData {

    private final PriceStore store;

    EmbeddingCatalogSeed(PriceStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "embedding-catalog";
    }

    @Override
    public int order() {
        return -8;
    }

    @Override
    public boolean demoOnly() {
        return false;
    }

    @Override
    public void load() {
        for (ImportedModel model : LiteLlmFormat.embeddings(CatalogSeed.read(CatalogSeed.SHIPPED_FILE))) {
            if (store.provider(model.providerCode()).isPresent() && store.modelId(model.providerCode(), model.name()).isEmpty()) {
                CatalogSeed.insert(store, model.providerCode(), model.name(), model.displayName(), model, model.price(),
                        "embedding, per input token");
            }
        }
    }
}
