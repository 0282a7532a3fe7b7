package dev.tokentally.ui;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A token bucket per API key: up to {@code perSecond} requests in any second, refilled continuously.
 * In memory, per application instance.
 */
class ApiRateLimiter {

    private final int perSecond;
    private final Clock clock;
    private final ConcurrentMap<Long, Bucket> buckets = new ConcurrentHashMap<>();

    ApiRateLimiter(int perSecond, Clock clock) {
        this.perSecond = perSecond;
        this.clock = clock;
    }

    boolean tryAcquire(long keyId) {
        return buckets.computeIfAbsent(keyId, id -> new Bucket(perSecond, clock.millis())).tryTake(perSecond, clock.millis());
    }

    private static final class Bucket {
        private double tokens;
        private long lastRefill;

        Bucket(int capacity, long now) {
            this.tokens = capacity;
            this.lastRefill = now;
        }

        synchronized boolean tryTake(int capacity, long now) {
            // A clock set back (NTP, a test's clock) refills nothing rather than draining the bucket.
            tokens = Math.min(capacity, tokens + Math.max(0, now - lastRefill) * capacity / 1000.0);
            lastRefill = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
