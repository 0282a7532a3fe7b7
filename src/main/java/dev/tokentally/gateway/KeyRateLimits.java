package dev.tokentally.gateway;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.tokentally.apikeys.ApiKeySettings;
import org.springframework.stereotype.Component;

/**
 * A key's requests and tokens per minute, as token buckets refilled continuously; a call counts its worst case
 * (prompt plus the most it may answer), as OpenAI counts {@code max_tokens}. Held in memory per application
 * instance: a limit is a guard against a runaway client, checked on every call without a database round trip,
 * so behind N instances a key may make up to N times its limit; money is held by the budgets, which are
 * cluster-wide.
 */
@Component
class KeyRateLimits {

    private record Key(long keyId, String what) {
    }

    private final ConcurrentMap<Key, Bucket> buckets = new ConcurrentHashMap<>();
    private final Clock clock;

    KeyRateLimits(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes one request and the tokens from the key's buckets, or neither.
     *
     * @return the {@code x-ratelimit-*} headers to send with the answer
     * @throws GatewayException 429 with {@code Retry-After} when a limit has no room
     */
    Map<String, String> take(long keyId, ApiKeySettings settings, long tokens) {
        Integer requestLimit = settings.requestsPerMinute();
        Integer tokenLimit = settings.tokensPerMinute();
        if (requestLimit == null && tokenLimit == null) {
            return Map.of();
        }
        long now = clock.millis();
        Bucket requests = requestLimit == null ? null : bucket(keyId, "requests", requestLimit, now);
        Bucket tokenBucket = tokenLimit == null ? null : bucket(keyId, "tokens", tokenLimit, now);
        // Both buckets under one lock order (requests, then tokens), so a refused call takes from neither.
        synchronized (requests != null ? requests : tokenBucket) {
            synchronized (tokenBucket != null ? tokenBucket : requests) {
                long waitRequests = requests == null ? 0 : requests.waitFor(1, now);
                long waitTokens = tokenBucket == null ? 0 : tokenBucket.waitFor(tokens, now);
                Map<String, String> headers = new LinkedHashMap<>();
                if (waitRequests == 0 && waitTokens == 0) {
                    if (requests != null) {
                        requests.take(1);
                    }
                    if (tokenBucket != null) {
                        tokenBucket.take(tokens);
                    }
                }
                describe(headers, "requests", requests, now);
                describe(headers, "tokens", tokenBucket, now);
                if (waitRequests > 0 || waitTokens > 0) {
                    long waitMillis = Math.max(waitRequests, waitTokens);
                    headers.put("Retry-After", String.valueOf(Math.max(1, (waitMillis + 999) / 1000)));
                    String what = waitRequests >= waitTokens ? requestLimit + " requests" : tokenLimit + " tokens";
                    throw new GatewayException(GatewayException.Kind.RATE_LIMIT, "Rate limit reached for this API key: "
                            + what + " per minute. Try again in " + headers.get("Retry-After") + " s.", headers);
                }
                return headers;
            }
        }
    }

    private Bucket bucket(long keyId, String what, int limit, long now) {
        return buckets.compute(new Key(keyId, what), (key, bucket) ->
                bucket == null || bucket.limit != limit ? new Bucket(limit, now) : bucket);
    }

    private static void describe(Map<String, String> headers, String what, Bucket bucket, long now) {
        if (bucket != null) {
            headers.put("x-ratelimit-limit-" + what, String.valueOf(bucket.limit));
            headers.put("x-ratelimit-remaining-" + what, String.valueOf((long) Math.floor(bucket.level)));
            headers.put("x-ratelimit-reset-" + what, bucket.untilFull(now) + "ms");
        }
    }

    /** Up to {@code limit} units, refilled at {@code limit} per minute. */
    private static final class Bucket {

        final int limit;
        double level;
        long refilledAt;

        Bucket(int limit, long now) {
            this.limit = limit;
            this.level = limit;
            this.refilledAt = now;
        }

        /** Milliseconds until {@code amount} fits (0: now); more than the limit never fits and waits a minute. */
        long waitFor(long amount, long now) {
            level = Math.min(limit, level + Math.max(0, now - refilledAt) * limit / 60_000.0);
            refilledAt = now;
            if (amount > limit) {
                return 60_000;
            }
            return level >= amount ? 0 : (long) Math.ceil((amount - level) * 60_000.0 / limit);
        }

        void take(long amount) {
            level -= amount;
        }

        long untilFull(long now) {
            return (long) Math.ceil((limit - level) * 60_000.0 / limit);
        }
    }
}
