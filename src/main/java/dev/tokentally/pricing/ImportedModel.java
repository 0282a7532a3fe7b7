package dev.tokentally.pricing;

/** A model and its prices as read from an import file (prices per 1M tokens). */
public record ImportedModel(String providerCode, String name, String displayName, String mode, Integer contextWindow,
                            Integer maxOutputTokens, PriceVersion price) {

    public String key() {
        return providerCode + "/" + name;
    }
}
