package dev.tokentally.base.api;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The API key a request presents, read the same way by the REST API and the gateway: {@code Authorization: Bearer <key>}
 * (OpenAI clients, the REST API; the scheme in any case), or else {@code x-api-key: <key>} (Anthropic clients) or
 * {@code api-key: <key>} (Azure OpenAI clients).
 */
public final class PresentedApiKey {

    private static final String BEARER = "Bearer ";

    private PresentedApiKey() {
    }

    /** The key as sent, trimmed; empty when the request presents none. */
    public static Optional<String> of(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        String key = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length())
                : request.getHeader("x-api-key") != null ? request.getHeader("x-api-key") : request.getHeader("api-key");
        return key == null || key.isBlank() ? Optional.empty() : Optional.of(key.trim());
    }
}
