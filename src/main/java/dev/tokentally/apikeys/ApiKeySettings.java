package dev.tokentally.apikeys;

import java.util.List;
import java.util.Set;

import dev.tokentally.base.NoControlCharacters;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * What a key may do beyond proving its organization, all optional: its scopes ({@code ingest}: the REST API,
 * {@code gateway}: model calls through the gateway, {@code billing}: buying credits through the REST API, never
 * given by default), the catalog model names it may call (empty: whatever the
 * organization allows), the member and agent its gateway calls are attributed to, and its per-minute limits.
 */
public record ApiKeySettings(Set<String> scopes, List<String> allowedModels, Long userId,
                             @Size(max = 100, message = "The agent name is at most 100 characters") @NoControlCharacters String agentName,
                             @Positive(message = "Requests per minute must be positive") Integer requestsPerMinute,
                             @Positive(message = "Tokens per minute must be positive") Integer tokensPerMinute) {

    public static final String INGEST = "ingest";
    public static final String GATEWAY = "gateway";
    public static final String BILLING = "billing";
    public static final ApiKeySettings DEFAULTS = new ApiKeySettings(Set.of(INGEST, GATEWAY), List.of(), null, null, null, null);

    public ApiKeySettings {
        scopes = scopes == null ? Set.of(INGEST, GATEWAY) : Set.copyOf(scopes);
        allowedModels = allowedModels == null ? List.of() : List.copyOf(allowedModels);
        agentName = agentName == null || agentName.isBlank() ? null : agentName.trim();
        if (!Set.of(INGEST, GATEWAY, BILLING).containsAll(scopes)) {
            throw new IllegalArgumentException("Scopes are 'ingest', 'gateway' and 'billing'");
        }
    }

    public boolean allows(String scope) {
        return scopes.contains(scope);
    }

    /** Whether the key may call the model, by its catalog name (with or without its provider's prefix). */
    public boolean allowsModel(String providerCode, String modelName) {
        return allowedModels.isEmpty() || allowedModels.contains(modelName)
                || allowedModels.contains(providerCode + "/" + modelName);
    }
}
