package dev.tokentally.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import dev.tokentally.base.SeedData;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The catalog a new installation starts with: the chat providers, every chat model of the shipped
 * LiteLLM price map (2026-07-24), the offline {@code demo} provider's {@code demo-mini} priced like
 * gpt-4o-mini, a few OpenRouter models at their provider's price and a local Ollama model at no charge. Its prices are in effect from 2000-01-01, so usage of any date is priced.
 */
@Component
class CatalogSeed implements SeedData {

    static final String SHIPPED_FILE = "catalog/litellm-model-prices-2026-07-24.json";
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
        catalog.apply(catalog.compare("the shipped catalog", shipped.models(), shipped.skipped()), CATALOG_START,
                PriceSource.CATALOG);

        ImportedModel gpt4oMini = shipped("gpt-4o-mini", shipped);
        insert("demo", "demo-mini", "Demo mini (offline)", gpt4oMini, gpt4oMini.price(), "priced like gpt-4o-mini");
        // OpenRouter names models provider/model and passes the provider's price through; the price sync keeps them current.
        for (String name : List.of("gpt-4o-mini", "gpt-4o", "claude-sonnet-4-20250514", "gemini-2.5-flash")) {
            ImportedModel model = shipped(name, shipped);
            String prefix = switch (model.providerCode()) {
                case "anthropic" -> "anthropic/";
                case "google" -> "google/";
                default -> "openai/";
            };
            insert("openrouter", prefix + ModelNames.undated(name).orElse(name), model.displayName() + " via OpenRouter",
                    model, model.price(), "passed through from " + model.providerCode());
        }
        // Ollama runs models on the organization's own hardware: no provider charge.
        PriceVersion free = new PriceVersion(null, CATALOG_START,
                new PriceSheet(BigDecimal.ZERO, null, null, null, BigDecimal.ZERO, null), BigDecimal.ZERO, null, null);
        insert("ollama", "llama3.2", "Llama 3.2 (local)", new ImportedModel("ollama", "llama3.2", "", "chat", 131_072,
                8_192, free), free, "runs locally, no provider charge");
    }

    private static ImportedModel shipped(String name, LiteLlmFormat.Result shipped) {
        return shipped.models().stream().filter(model -> model.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("The shipped catalog lacks " + name));
    }

    private void insert(String providerCode, String name, String displayName, ImportedModel limits, PriceVersion price,
                        String note) {
        long id = store.insertModel(store.provider(providerCode).orElseThrow().id(), name, displayName, "chat",
                limits.contextWindow(), limits.maxOutputTokens());
        store.insertVersion(id, CATALOG_START, price, PriceSource.CATALOG, "system", note);
    }

    private static byte[] read(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("The shipped price catalog is missing: " + resource, e);
        }
    }
}
