package dev.tokentally.ui;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import dev.tokentally.apikeys.ApiKeyPrincipal;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.base.RateLimiter;
import dev.tokentally.base.api.PresentedApiKey;
import dev.tokentally.base.api.Problems;
import dev.tokentally.base.api.SizeLimitedRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates API calls by the key they present ({@link PresentedApiKey}), refuses bodies over 1 MB (before reading
 * them when they say their length; after reading 1 MB when they do not, as a chunked body does), and holds
 * each key to its request rate. Refusals are problem details.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final long MAX_BODY_BYTES = 1024 * 1024;

    private final ApiKeys apiKeys;
    private final RateLimiter rateLimiter;
    private final int requestsPerSecond;

    ApiKeyAuthenticationFilter(ApiKeys apiKeys, RateLimiter rateLimiter, int requestsPerSecond) {
        this.apiKeys = apiKeys;
        this.rateLimiter = rateLimiter;
        this.requestsPerSecond = requestsPerSecond;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            Problems.write(response, 413, "Request body too large", "The body must be at most 1 MB.");
            return;
        }
        Optional<ApiKeyPrincipal> key = PresentedApiKey.of(request).flatMap(apiKeys::authenticate);
        if (key.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer");
            Problems.write(response, 401, "Unauthorized",
                    "Send an organization API key as 'Authorization: Bearer <key>'; the key may be unknown, revoked or expired.");
            return;
        }
        if (!rateLimiter.tryTake(key.get().keyId(), requestsPerSecond)) {
            response.setHeader("Retry-After", "1");
            Problems.write(response, 429, "Too many requests", "This API key is over its request rate; retry after a second.");
            return;
        }
        var authentication = UsernamePasswordAuthenticationToken.authenticated(key.get(), null,
                List.of(new SimpleGrantedAuthority("ROLE_API")));
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(new SizeLimitedRequest(request, MAX_BODY_BYTES), response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
