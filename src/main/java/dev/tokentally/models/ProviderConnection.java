package dev.tokentally.models;

import java.time.Instant;

/**
 * How Tokentally reaches a provider, as admins see it: the key itself never leaves the server, only whether there is
 * one and its last four characters. {@code code} names the connection (a provider's code, or an OpenAI-compatible
 * connection's name in lower case), {@code name} the name its admin gave it (null: the kind's), {@code apiVersion}
 * Azure's, {@code preferred} whether catalog models it serves are called through it.
 */
public record ProviderConnection(String code, ProviderKind kind, String name, boolean enabled, String baseUrl,
                                 boolean hasApiKey, String apiKeyHint, int timeoutSeconds, String apiVersion,
                                 boolean preferred, String updatedBy, Instant updatedAt) {

    public String effectiveBaseUrl() {
        return baseUrl != null ? baseUrl : kind.defaultBaseUrl();
    }

    public String displayName() {
        return name != null ? name : kind.displayName();
    }
}
