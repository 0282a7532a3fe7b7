package dev.tokentally.models;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What a platform admin changes about a provider. A null {@code newApiKey} keeps the stored key, an empty
 * one removes it; an empty base URL means the provider's own.
 */
public record ProviderConnectionChange(
        boolean enabled,
        @Pattern(regexp = "^(https?://\\S+)?$", message = "Enter an http:// or https:// address") String baseUrl,
        @Size(max = 500, message = "An API key has at most 500 characters") String newApiKey,
        @Min(value = 1, message = "At least 1 second") @Max(value = 600, message = "At most 600 seconds") int timeoutSeconds) {

    /** Without the key: a record would print it. */
    @Override
    public String toString() {
        return "ProviderConnectionChange[enabled=" + enabled + ", baseUrl=" + baseUrl + ", key "
                + (newApiKey == null ? "kept" : newApiKey.isEmpty() ? "removed" : "replaced") + "]";
    }
}
