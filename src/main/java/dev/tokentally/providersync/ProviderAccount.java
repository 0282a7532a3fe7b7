package dev.tokentally.providersync;

import java.time.Instant;

/** A provider account whose admin key lets the sync read prices and usage; the key itself is never here. */
public record ProviderAccount(long id, long organizationId, String provider, String name, String baseUrl, String keyHint,
                              Long unattributedUserId, String unattributedAgent, boolean enabled, Instant createdAt) {

    /** Where the provider's admin API answers unless the account names another address. */
    public String effectiveBaseUrl() {
        if (baseUrl != null) {
            return baseUrl.replaceAll("/+$", "");
        }
        return switch (provider) {
            case "openrouter" -> "https://openrouter.ai";
            case "anthropic" -> "https://api.anthropic.com";
            default -> "https://api.openai.com";
        };
    }
}
