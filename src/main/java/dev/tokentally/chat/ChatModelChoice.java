package dev.tokentally.chat;

import dev.tokentally.chat.providers.ProviderKind;

/** A model a member may chat with, with the limits that bound its prompts. */
public record ChatModelChoice(long modelId, ProviderKind provider, String name, String displayName,
                              Integer contextWindow, Integer maxOutputTokens) {

    public String label() {
        return displayName + " · " + provider.displayName();
    }
}
