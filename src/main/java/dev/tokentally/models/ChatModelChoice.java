package dev.tokentally.models;


/**
 * A model a member may chat with, with the limits that bound its prompts; or, for the gateway only, an embedding
 * model ({@code embedding}), which takes input and answers no text. {@code providerCode} is the catalog provider it
 * is priced and allowed under; {@code connection} the connection that serves the call (of kind {@code provider}),
 * the same code unless another connection serves the catalog model (an Azure deployment, then named by
 * {@code deployment}; on Vertex, the model's name there).
 */
public record ChatModelChoice(long modelId, ProviderKind provider, String name, String displayName,
                              Integer contextWindow, Integer maxOutputTokens, boolean embedding, String providerCode,
                              String connection, String deployment) {

    /** A model served by its own provider's connection. */
    public ChatModelChoice(long modelId, ProviderKind provider, String name, String displayName, Integer contextWindow,
                           Integer maxOutputTokens, boolean embedding) {
        this(modelId, provider, name, displayName, contextWindow, maxOutputTokens, embedding, provider.code(),
                provider.code(), null);
    }

    /** The same catalog model, served through another connection's deployment of it. */
    public ChatModelChoice via(ProviderKind kind, String connectionCode, String deploymentName) {
        return new ChatModelChoice(modelId, kind, name, displayName, contextWindow, maxOutputTokens, embedding, providerCode,
                connectionCode, deploymentName);
    }

    public String label() {
        return displayName + " · " + (deployment != null ? provider.displayName() : provider.single() ? provider.displayName()
                : connection);
    }
}
