package dev.tokentally.models;

/**
 * One call's model and generation limits; null values leave the provider's defaults. {@code connection} is the
 * connection that serves it (its provider's own unless an OpenAI-compatible or Azure connection does), {@code deployment}
 * the Azure deployment (else null).
 */
public record CallSettings(ProviderKind provider, String modelName, Double temperature, Integer maxOutputTokens,
                           String connection, String deployment) {

    /** A call to a provider's own connection. */
    public CallSettings(ProviderKind provider, String modelName, Double temperature, Integer maxOutputTokens) {
        this(provider, modelName, temperature, maxOutputTokens, provider.code(), null);
    }

    /** A call of the model through the connection that serves it. */
    public static CallSettings of(ChatModelChoice model, Double temperature, Integer maxOutputTokens) {
        return new CallSettings(model.provider(), model.name(), temperature, maxOutputTokens, model.connection(),
                model.deployment());
    }
}
