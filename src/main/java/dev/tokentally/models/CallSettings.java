package dev.tokentally.models;

/** One call's model and generation limits; null values leave the provider's defaults. */
public record CallSettings(ProviderKind provider, String modelName, Double temperature, Integer maxOutputTokens) {
}
