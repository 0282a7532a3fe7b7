package dev.tokentally.pricing;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
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
    /** Resolved models with their versions by id and by "provider/name"; every instance drops them when the catalog changes. */
    private final ReferenceCache<Long, Optional<PricedModel>> byId;
    private final ReferenceCache<String, Optional<Long>> idByName;
    private final ReferenceCache<String, Set<String>> providerCodes;

    PriceLookup(PriceStore store, Clock clock, ReferenceChanges references) {
        this.store = store;
        this.clock = clock;
        this.byId = references.cache(10_000, PriceStore.TABLES);
        this.idByName = references.cache(10_000, PriceStore.TABLES);
        this.providerCodes = references.cache(1, PriceStore.TABLES);
    }

    /** The model with every price version, for pricing many calls of it; empty when the catalog does not know it. */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Optional<PricedModel> model(String providerCode, String modelName) {
        return idByName.get(providerCode + "/" + modelName, key -> resolve(providerCode, modelName)).flatMap(this::model);
    }

    /** A catalog model by id with every price version. */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Optional<PricedModel> model(long modelId) {
        return byId.get(modelId, id -> store.semanticsOfModel(id)
                .map(semantics -> new PricedModel(id, semantics, List.copyOf(store.versions(id)))));
    }

    /** A catalog model's names, limits and current price, for callers that let members pick a model. */
    public Optional<CatalogModel> describe(long modelId) {
        return store.model(modelId, clock.instant());
    }

    /** Several catalog models at once, in one query, for callers that list what an organization may use. */
    public List<CatalogModel> describe(Collection<Long> modelIds) {
        return store.models(modelIds, clock.instant());
    }

    /** A provider's models with their current prices (at most {@code limit}), for the connections that serve them. */
    public List<CatalogModel> modelsOf(String providerCode, int limit) {
        return store.models(new PriceStore.ModelFilter(providerCode, "", ""), clock.instant(), 0, limit).stream()
                .filter(model -> model.providerCode().equals(providerCode)).toList();
    }

    /** The codes of the catalog's providers (a source may name any other). */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Set<String> providerCodes() {
        return providerCodes.get("all", all -> store.providers().stream().map(Provider::code).collect(Collectors.toUnmodifiableSet()));
    }

    private Optional<Long> resolve(String providerCode, String modelName) {
        return store.modelId(providerCode, modelName)
                .or(() -> ModelNames.undated(modelName).flatMap(base -> store.modelId(providerCode, base)));
    }
}
