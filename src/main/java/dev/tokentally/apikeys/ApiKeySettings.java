package dev.tokentally.apikeys;

import java.util.List;
import java.util.Set;

import dev.tokentally.base.NoControlCharacters;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * What a key may do beyond proving its organization, all optional: its scopes ({@code ingest}: the REST API,
 * {@code gateway}: model calls through the gateway, {@code billing}: buying credits through the REST API, never
 * given by default), the catalog model names it may call (empty: whatever the
 * organization allows), the member and agent its gateway calls are attributed to, its per-minute limits, and how
 * long the gateway's response cache keeps its calls' answers (null: its calls are not cached unless they ask with
 * {@code x-tokentally-cache}).
 */
public record ApiKeySettings(Set<String> scopes, List<String> allowedModels, Long userId,
                             @Size(max = 100, message = "The agent name is at most 100 characters") @NoControlCharacters String agentName,
                             @Positive(message = "Requests per minute must be positive") Integer requestsPerMinute,
                             @Positive(message = "Tokens per minute must be positive") Integer tokensPerMinute,
                             @Positive(message = "The cache time to live must be positive")
                             @Max(value = MAX_CACHE_TTL_SECONDS, message = "The cache time to live is at most 30 days") Integer cacheTtlSeconds) {

    public static final String INGEST = "ingest";
    public static final String GATEWAY = "gateway";
    public static final String BILLING = "billing";
    public static final ApiKeySettings DEFAULTS = new ApiKeySettings(Set.of(INGEST, GATEWAY), List.of(), null, null, null, null);
    /** 30 days, the database's bound too (V42). */
    public static final int MAX_CACHE_TTL_SECONDS = 2_592_000;

    /** Settings without response caching. */
    public ApiKeySettings(Set<String> scopes, List<String> allowedModels, Long userId, String agentName, Integer requestsPerMinute,
                          Integer tokensPerMinute) {
        this(scopes, allowedModels, userId, agentName, requestsPerMinute, tokensPerMinute, null);
    }

    /** The same settings with answers cached for this many seconds (null: not cached by default). */
    public ApiKeySettings withCacheTtlSeconds(Integer seconds) {
        return new ApiKeySettings(scopes, allowedModels, userId, agentName, requestsPerMinute, tokensPerMinute, seconds);
    }

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
