package dev.tokentally.usage;

import java.util.Optional;

import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.pricing.PriceLookup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Token and cost counters by organization, provider and model for {@code /actuator/prometheus}; counted
 * once the usage is committed, on the instance that recorded it. A source may name any model and provider, and
 * each tag value is a series kept for good: a model is tagged by its catalog name when the catalog priced it, a
 * provider by its code when the catalog has it, and anything else is {@value #OTHER}.
 */
@Component
class UsageMetrics {

    static final String OTHER = "other";

    /** A catalog model's provider code and name. */
    private record CatalogName(String provider, String model) {
    }

    private final MeterRegistry registry;
    private final PriceLookup prices;
    private final ReferenceCache<Long, Optional<CatalogName>> catalogNames;

    UsageMetrics(MeterRegistry registry, PriceLookup prices, ReferenceChanges references) {
        this.registry = registry;
        this.prices = prices;
        this.catalogNames = references.cache(10_000, "provider", "model");
    }

    @TransactionalEventListener
    void count(UsageRecorded usage) {
        Tags tags = tags(usage);
        Counter.builder("tokentally.usage.tokens").description("Tokens recorded in the ledger")
                .tags(tags).register(registry).increment(usage.totalTokens());
        Counter.builder("tokentally.usage.events").description("Usage events recorded in the ledger")
                .tags(tags.and("priced", String.valueOf(usage.cost().rawCostUsd() != null))).register(registry).increment();
        if (usage.cost().rawCostUsd() != null) {
            Counter.builder("tokentally.usage.cost.usd").description("Provider cost in USD before markup")
                    .tags(tags).register(registry).increment(usage.cost().rawCostUsd().doubleValue());
        }
    }

    private Tags tags(UsageRecorded usage) {
        Optional<CatalogName> catalog = usage.modelId() == null ? Optional.empty() : catalogNames.get(usage.modelId(),
                id -> prices.describe(id).map(model -> new CatalogName(model.providerCode(), model.name())));
        String provider = catalog.map(CatalogName::provider)
                .orElseGet(() -> prices.providerCodes().contains(usage.provider()) ? usage.provider() : OTHER);
        return Tags.of("organization", String.valueOf(usage.organizationId()), "provider", provider,
                "model", catalog.map(CatalogName::model).orElse(OTHER));
    }
}
