package dev.tokentally.base;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a failed call is tried again, the one schedule every retry loop follows (the chat's and the gateway's provider
 * calls, the provider sync, the mail and channel outboxes): a pause that doubles after each failure up to the longest
 * pause, a wait the server asks for ({@code Retry-After}) taken as asked when it is not longer than that, and a bounded
 * number of attempts.
 *
 * @param attempts     the most tries in all, the first included; 0: no end (an outbox tries until it delivers)
 * @param firstPause   the pause after the first failure
 * @param longestPause where the doubling stops; a longer wait asked by the server is not waited out (the caller gives up
 *                     and says so)
 * @param jitter       the share of each doubling pause drawn at random (0: none; 0.5: between half and all of it), so
 *                     callers that failed together do not come back together. Never applied to a wait the server asks for.
 */
public record RetryPolicy(int attempts, Duration firstPause, Duration longestPause, double jitter) {

    /** The jitter for calls many threads and instances make at once (the providers' chat and gateway calls). */
    public static final double SPREAD = 0.5;

    public RetryPolicy {
        if (attempts < 0 || firstPause.isNegative() || longestPause.compareTo(firstPause) < 0 || jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("Retry policy out of range: " + attempts + " attempts, " + firstPause
                    + " to " + longestPause + ", jitter " + jitter);
        }
    }

    /**
     * {@code attempts} tries whose pauses double from {@code firstPause}; the longest pause is the next doubling after
     * the last try, so an asked wait up to that long is still waited out.
     */
    public static RetryPolicy doubling(int attempts, Duration firstPause, double jitter) {
        return new RetryPolicy(attempts, firstPause, firstPause.multipliedBy(1L << Math.clamp(attempts - 1, 0, 30)), jitter);
    }

    /** Whether a call that has failed {@code failedAttempts} times is tried again. */
    public boolean triesAgain(int failedAttempts) {
        return attempts == 0 || failedAttempts < attempts;
    }

    /** The pause after the {@code failedAttempt}-th failure (1: the first), jittered and at most the longest pause. */
    public Duration backoff(int failedAttempt) {
        Duration doubled = firstPause.multipliedBy(1L << Math.clamp(failedAttempt - 1, 0, 30));
        Duration pause = doubled.compareTo(longestPause) > 0 ? longestPause : doubled;
        if (jitter == 0) {
            return pause;
        }
        long nanos = pause.toNanos();
        return Duration.ofNanos(nanos - (long) (nanos * jitter * ThreadLocalRandom.current().nextDouble()));
    }

    /**
     * The pause before the next try after the {@code failedAttempt}-th failure: the wait the server asked for, else the
     * backoff; empty when no try is left or the asked wait is longer than the longest pause.
     */
    public Optional<Duration> pauseAfter(int failedAttempt, Optional<Duration> asked) {
        if (!triesAgain(failedAttempt)) {
            return Optional.empty();
        }
        if (asked.isPresent()) {
            return asked.get().compareTo(longestPause) <= 0 ? asked : Optional.empty();
        }
        return Optional.of(backoff(failedAttempt));
    }
}
