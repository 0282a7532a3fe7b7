package dev.tokentally.pricing;

import java.math.BigDecimal;
import java.util.List;

import dev.tokentally.base.SeedData;
import org.springframework.stereotype.Component;

/**
 * Catalog entries the chat needs beyond the shipped price map: a few OpenRouter models at their provider's
 * price (the price sync keeps them current) and a local Ollama model at no charge. A set of its own, so an
 * installation whose catalog was seeded before the chat existed gets them on its next start.
 */
@Component
class ChatCatalogSeed implements SeedData {

    private final PriceStore store;

    ChatCatalogSeed(PriceStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "chat-catalog";
    }

    @Override
    public int order() {
        return -9;
    }

    @Override
    public boolean demoOnly() {
        return false;
    }

    @Override
    public void load() {
        LiteLlmFormat.Result shipped = LiteLlmFormat.parse(CatalogSeed.read(CatalogSeed.SHIPPED_FILE));
        // OpenRouter names models provider/model and passes the provider's price through.
        for (String name : List.of("gpt-4o-mini", "gpt-4o", "claude-sonnet-4-20250514", "gemini-2.5-flash")) {
            ImportedModel model = CatalogSeed.shipped(name, shipped);
            String prefix = switch (model.providerCode()) {
                case "anthropic" -> "anthropic/";
                case "google" -> "google/";
                default -> "openai/";
            };
            insertMissing("openrouter", prefix + ModelNames.undated(name).orElse(name), model.displayName() + " via OpenRouter",
                    model, model.price(), "passed through from " + model.providerCode());
        }
        // Ollama runs models on the organization's own hardware: no provider charge.
        PriceVersion free = new PriceVersion(null, CatalogSeed.CATALOG_START,
                new PriceSheet(BigDecimal.ZERO, null, null, null, BigDecimal.ZERO, null), BigDecimal.ZERO, null, null);
        insertMissing("ollama", "llama3.2", "Llama 3.2 (local)",
                new ImportedModel("ollama", "llama3.2", "", "chat", 131_072, 8_192, free), free, "runs locally, no provider charge");
    }

    private void insertMissing(String providerCode, String name, String displayName, ImportedModel limits, PriceVersion price,
                               String note) {
        if (store.modelId(providerCode, name).isEmpty()) {
            CatalogSeed.insert(store, providerCode, name, displayName, limits, price, note);
        }
    }
}
