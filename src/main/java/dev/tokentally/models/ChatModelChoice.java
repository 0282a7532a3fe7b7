package dev.tokentally.models;


/**
 * A model a member may chat with, with the limits that bound its prompts; or, for the gateway only, an embedding
 * model ({@code embedding}), which takes input and answers no text.
 */
public record ChatModelChoice(long modelId, ProviderKind provider, String name, String displayName,
                              Integer contextWindow, Integer maxOutputTokens, boolean embedding) {

    public String label() {
        return displayName + " · " + provider.displayName();
    }
}
