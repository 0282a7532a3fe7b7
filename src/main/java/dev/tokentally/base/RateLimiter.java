package dev.tokentally.base;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Token buckets, one per key: up to {@code limit} units in any {@code period}, refilled continuously. Held in memory per
 * application instance (a guard against a runaway client, checked without a database round trip; behind N instances a
 * key may make up to N times its limit; money is held by the budgets, which are cluster-wide). The REST API holds each
 * key to its requests per second, the gateway to its requests and tokens per minute.
 */
public final class RateLimiter {

    /** {@code amount} units wanted from the bucket of {@code key}, which holds {@code limit} per period. */
    public record Ask(Object key, int limit, long amount) {
    }

    /** A bucket after the take: its limit, the whole units left, and the milliseconds until it is full again. */
    public record Level(int limit, long remaining, long untilFullMillis) {
    }

    /**
     * @param waitMillis 0 when every ask was taken; else how long until the tightest ask fits, and nothing was taken
     * @param limiting   the index of that tightest ask (-1 when taken)
     * @param levels     each ask's bucket, in the order asked
     */
    public record Outcome(long waitMillis, int limiting, List<Level> levels) {

        public boolean taken() {
            return waitMillis == 0;
        }
    }

    private final ConcurrentMap<Object, Bucket> buckets = new ConcurrentHashMap<>();
    private final long periodMillis;
    private final Clock clock;

    public RateLimiter(Duration period, Clock clock) {
        this.periodMillis = period.toMillis();
        this.clock = clock;
    }

    /** One unit from the bucket of {@code key}, if it has one. */
    public boolean tryTake(Object key, int limit) {
        return take(List.of(new Ask(key, limit, 1))).taken();
    }

    /**
     * Takes every ask from its bucket, or none. Callers ask in one fixed order of their buckets (the locks are taken in
     * that order, so two calls never wait for each other in a circle).
     */
    public Outcome take(List<Ask> asks) {
        long now = clock.millis();
        List<Bucket> held = new ArrayList<>(asks.size());
        for (Ask ask : asks) {
            held.add(buckets.compute(ask.key(), (key, bucket) ->
                    bucket == null || bucket.limit != ask.limit() ? new Bucket(ask.limit(), now) : bucket));
        }
        held.forEach(bucket -> bucket.lock.lock());
        try {
            long wait = 0;
            int limiting = -1;
            for (int i = 0; i < held.size(); i++) {
                long waitFor = held.get(i).waitFor(asks.get(i).amount(), now);
                if (waitFor > wait) {
                    wait = waitFor;
                    limiting = i;
                }
            }
            if (wait == 0) {
                for (int i = 0; i < held.size(); i++) {
                    held.get(i).level -= asks.get(i).amount();
                }
            }
            return new Outcome(wait, limiting, held.stream().map(Bucket::state).toList());
        } finally {
            held.reversed().forEach(bucket -> bucket.lock.unlock());
        }
    }

    /** Up to {@code limit} units, refilled at {@code limit} per period. */
    private final class Bucket {

        final ReentrantLock lock = new ReentrantLock();
        final int limit;
        double level;
        long refilledAt;

        Bucket(int limit, long now) {
            this.limit = limit;
            this.level = limit;
            this.refilledAt = now;
        }

        /** Milliseconds until {@code amount} fits (0: now); more than the limit never fits and waits a period. */
        long waitFor(long amount, long now) {
            // A clock set back (NTP, a test's clock) refills nothing rather than draining the bucket.
            level = Math.min(limit, level + Math.max(0, now - refilledAt) * limit / (double) periodMillis);
            refilledAt = now;
            if (amount > limit) {
                return periodMillis;
            }
            return level >= amount ? 0 : (long) Math.ceil((amount - level) * periodMillis / limit);
        }

        Level state() {
            return new Level(limit, (long) Math.floor(level), (long) Math.ceil((limit - level) * periodMillis / limit));
        }
    }
}
