package dev.tokentally.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;

import dev.tokentally.base.SeedData;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The catalog a new installation starts with: the chat providers, every chat model of the shipped
 * LiteLLM price map (2026-07-24) and the offline {@code demo} provider's {@code demo-mini} priced like
 * gpt-4o-mini, and Amazon Bedrock's models ({@link #BEDROCK_FILE}). {@link ChatCatalogSeed} adds the chat's OpenRouter and Ollama models. Its prices are in effect from 2000-01-01, so usage of any date is priced.
 */
@Component
class CatalogSeed implements SeedData {

    static final String SHIPPED_FILE = "catalog/litellm-model-prices-2026-07-24.json";
    /** Amazon Bedrock's models beyond the shipped map's one, in the same format (sources in catalog/README.md). */
    static final String BEDROCK_FILE = "catalog/bedrock-model-prices-2026-12-07.json";
    static final Instant CATALOG_START = Instant.parse("2000-01-01T00:00:00Z");

    private final PriceCatalog catalog;
    private final PriceStore store;

    CatalogSeed(PriceCatalog catalog, PriceStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    @Override
    public String name() {
        return "price-catalog";
    }

    @Override
    public int order() {
        return -10;
    }

    @Override
    public boolean demoOnly() {
        return false;
    }

    @Override
    public void load() {
        for (String code : KnownProviders.CHAT_PROVIDERS) {
            if (store.provider(code).isEmpty()) {
                store.insertProvider(code, KnownProviders.displayName(code), TokenSemantics.ofProvider(code));
            }
        }
        LiteLlmFormat.Result shipped = LiteLlmFormat.parse(read(SHIPPED_FILE));
        java.util.List<ImportedModel> models = new java.util.ArrayList<>(shipped.models());
        models.addAll(LiteLlmFormat.parse(read(BEDROCK_FILE)).models());
        catalog.apply(catalog.compare("the shipped catalog", models, shipped.skipped()), CATALOG_START,
                PriceSource.CATALOG);

        ImportedModel gpt4oMini = shipped("gpt-4o-mini", shipped);
        insert(store, "demo", "demo-mini", "Demo mini (offline)", gpt4oMini, gpt4oMini.price(), "priced like gpt-4o-mini");
    }

    static ImportedModel shipped(String name, LiteLlmFormat.Result shipped) {
        return shipped.models().stream().filter(model -> model.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("The shipped catalog lacks " + name));
    }

    static void insert(PriceStore store, String providerCode, String name, String displayName, ImportedModel limits,
                       PriceVersion price, String note) {
        long id = store.insertModel(store.provider(providerCode).orElseThrow().id(), name, displayName, limits.mode(),
                limits.contextWindow(), limits.maxOutputTokens());
        store.insertVersion(id, CATALOG_START, price, PriceSource.CATALOG, "system", note);
    }

    static byte[] read(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("The shipped price catalog is missing: " + resource, e);
        }
    }
}
