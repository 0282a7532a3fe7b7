package dev.tokentally.gateway;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.gateway.cache.CacheKey;
import dev.tokentally.gateway.cache.CacheMode;
import dev.tokentally.gateway.cache.CachedAnswer;
import dev.tokentally.gateway.cache.ResponseCache;
import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.models.SpendGate;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageEvent;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/**
 * How a gateway call uses the {@link ResponseCache}: off unless its key's settings or its {@code x-tokentally-cache}
 * header turn it on. Every endpoint's successful, complete answers are kept, whatever the temperature, {@code n} or
 * tools (the gateway runs no tool: a cached answer asks the client for the same tool calls the first one did); a
 * provider's error, a cut-off stream and an answer larger than the bound never are. A hit is answered before the
 * budgets are asked (it costs nothing), after the key, its model access and its rate limits were checked.
 */
@Component
class ResponseCaching {

    static final String HEADER = CacheMode.HEADER;
    /** A hit holds no budget. */
    static final SpendGate.Reservation NOTHING_HELD = () -> {
    };
    /** What a hit records: one request, no token a provider processed. */
    static final TokenCounts NO_TOKENS = new TokenCounts(0, 0, 0, 0, 0, 0, 1);

    private final ResponseCache cache;

    ResponseCaching(ResponseCache cache) {
        this.cache = cache;
    }

    /** A call's use of the cache: its mode, its key and time to live, and the answer found (null: none). */
    record Ticket(CacheMode mode, CacheKey key, Duration ttl, CachedAnswer hit) {

        static final Ticket NONE = new Ticket(CacheMode.SKIP, null, null, null);

        boolean applies() {
            return mode != CacheMode.SKIP;
        }

        /** What the ledger books a hit with; null for a call that was not one. */
        ReportedCall.CacheHit saving() {
            return hit == null ? null : new ReportedCall.CacheHit(hit.billedCost(), hit.currency());
        }

        /** The response header when caching applies: {@code x-tokentally-cache: hit|miss}. */
        Map<String, String> headers() {
            return !applies() ? Map.of() : Map.of(HEADER, hit != null ? "hit" : "miss");
        }
    }

    /**
     * The call's ticket, with the stored answer when the call reads the cache and one is fresh.
     *
     * @param cachedAs what the answer is kept under besides the request: the connection and model called, or a route's
     *                 name (whichever of its targets answers)
     * @param routeTtl the route's time to live (null: none; a route with one caches its calls unless they say skip)
     * @throws GatewayException when {@code x-tokentally-cache} names no mode
     */
    Ticket lookup(long organizationId, ApiKeySettings settings, Endpoint endpoint, String cachedAs, Duration routeTtl,
                  ChunkedBytes body, HttpServletRequest request) {
        CacheMode mode;
        try {
            mode = CacheMode.of(request.getHeader(HEADER), settings.cacheTtlSeconds() == null && routeTtl == null ? CacheMode.SKIP
                    : CacheMode.USE);
        } catch (IllegalArgumentException unknown) {
            throw new GatewayException(GatewayException.Kind.INVALID, unknown.getMessage());
        }
        if (!mode.writes()) {
            return Ticket.NONE;
        }
        Duration ttl = routeTtl != null ? routeTtl
                : settings.cacheTtlSeconds() == null ? cache.defaultTtl() : Duration.ofSeconds(settings.cacheTtlSeconds());
        CacheKey key;
        try {
            key = CacheKey.of(endpoint.ledgerName, cachedAs, answerChangingHeaders(endpoint, request),
                    body.stream());
        } catch (IllegalArgumentException notAnObject) {
            return Ticket.NONE;
        }
        CachedAnswer hit = mode.reads() ? cache.lookup(organizationId, key).orElse(null) : null;
        return new Ticket(mode, key, ttl, hit);
    }

    /** Anthropic's version and beta headers change what its API answers. */
    private static Map<String, String> answerChangingHeaders(Endpoint endpoint, HttpServletRequest request) {
        Map<String, String> headers = new HashMap<>();
        if (endpoint.format == WireFormat.ANTHROPIC) {
            headers.put("anthropic-version", request.getHeader("anthropic-version"));
            headers.put("anthropic-beta", request.getHeader("anthropic-beta"));
        }
        return headers;
    }

    /** Keeps an answer the client received in full and the ledger recorded; nothing when the call does not write. */
    void store(long organizationId, Ticket ticket, UsageEvent event, String contentType, byte[] body) {
        if (ticket.applies() && body != null) {
            cache.store(organizationId, ticket.key(), ticket.ttl(), new CachedAnswer(contentType, body, event.id(),
                    event.cost().billedCost(), event.cost().billedCurrency()));
        }
    }

    /** A copy of what is written to the client, kept while it fits in a cache entry (then {@link Copy#bytes} is null). */
    Copy copy(Ticket ticket, OutputStream client) {
        return new Copy(client, ticket.applies() ? cache.maxEntryBytes() : -1);
    }

    static final class Copy extends FilterOutputStream {

        private final long most;
        private ByteArrayOutputStream copied = new ByteArrayOutputStream();

        private Copy(OutputStream out, long most) {
            super(out);
            this.most = most;
            if (most < 0) {
                copied = null;
            }
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            keep(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            keep(bytes, offset, length);
        }

        private void keep(byte[] bytes, int offset, int length) {
            if (copied != null) {
                if (copied.size() + (long) length > most) {
                    copied = null;
                } else {
                    copied.write(bytes, offset, length);
                }
            }
        }

        /** What the client received, or null when it was too large to keep (or the call does not write the cache). */
        byte[] bytes() {
            return copied == null ? null : copied.toByteArray();
        }
    }
}
