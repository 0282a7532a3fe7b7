package dev.tokentally.pricing;

import java.util.List;

/** A model of the catalog with the price in effect now (null when it has none). */
public record CatalogModel(long id, String providerCode, String providerName, String name, String displayName,
                           String mode, Integer contextWindow, Integer maxOutputTokens, boolean enabled,
                           List<String> aliases, PriceVersion currentPrice) {
}
