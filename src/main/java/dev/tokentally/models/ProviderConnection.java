package dev.tokentally.models;

import java.time.Instant;

/**
 * How Tokentally reaches a provider, as admins see it: the key itself never leaves the server, only
 * whether there is one and its last four characters.
 */
public record ProviderConnection(ProviderKind kind, boolean enabled, String baseUrl, boolean hasApiKey,
                                 String apiKeyHint, int timeoutSeconds, String updatedBy, Instant updatedAt) {

    public String effectiveBaseUrl() {
        return baseUrl != null ? baseUrl : kind.defaultBaseUrl();
    }
}
