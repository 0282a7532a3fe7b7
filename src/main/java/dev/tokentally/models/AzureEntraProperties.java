package dev.tokentally.models;

import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Microsoft Entra ID for Azure OpenAI connections with client credentials ({@code tokentally.providers.azure.*}).
 *
 * @param authorityHost where tenants' token endpoints answer: the public cloud's, or a national cloud's
 *                      ({@code https://login.microsoftonline.us})
 */
@Validated
@ConfigurationProperties("tokentally.providers.azure")
public record AzureEntraProperties(@Pattern(regexp = "^https?://[^\\s]+$", message = "An http(s) URL") String authorityHost) {

    public AzureEntraProperties {
        if (authorityHost == null || authorityHost.isBlank()) {
            authorityHost = "https://login.microsoftonline.com";
        }
    }
}
