package dev.tokentally.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The one retry schedule: doubling, bounded, spread by jitter, and honouring the wait a server asks for. */
class RetryPolicyTest {

    @Test
    void pauses_double_and_the_attempts_end() {
        RetryPolicy sync = new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofMinutes(2), 0);

        assertThat(sync.pauseAfter(1, Optional.empty())).contains(Duration.ofSeconds(2));
        assertThat(sync.pauseAfter(2, Optional.empty())).contains(Duration.ofSeconds(4));
        assertThat(sync.pauseAfter(3, Optional.empty())).as("three tries in all").isEmpty();
    }

    @Test
    void an_outbox_tries_until_it_delivers_and_waits_at_most_an_hour() {
        RetryPolicy outbox = new RetryPolicy(0, Duration.ofSeconds(30), Duration.ofHours(1), 0);

        assertThat(outbox.backoff(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(outbox.backoff(3)).isEqualTo(Duration.ofMinutes(2));
        assertThat(outbox.triesAgain(1_000)).isTrue();
        assertThat(outbox.backoff(1_000)).as("no overflow after many failures").isEqualTo(Duration.ofHours(1));
    }

    @Test
    void callers_that_failed_together_come_back_at_different_times_within_the_schedule() {
        RetryPolicy calls = RetryPolicy.doubling(3, Duration.ofMillis(500), RetryPolicy.SPREAD);

        Set<Duration> pauses = new HashSet<>();
        IntStream.range(0, 50).forEach(caller -> pauses.add(calls.backoff(2)));

        assertThat(pauses).as("spread, not all at once").hasSizeGreaterThan(1)
                .allSatisfy(pause -> assertThat(pause).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1)));
    }

    @Test
    void the_wait_a_server_asks_for_is_taken_as_asked_when_short_and_refused_when_longer_than_the_schedule() {
        RetryPolicy calls = RetryPolicy.doubling(3, Duration.ofMillis(500), RetryPolicy.SPREAD);

        assertThat(calls.pauseAfter(1, Optional.of(Duration.ofMillis(1_700)))).as("no jitter on an asked wait")
                .contains(Duration.ofMillis(1_700));
        assertThat(calls.pauseAfter(1, Optional.of(Duration.ofSeconds(20)))).as("longer than the longest pause (2 s)")
                .isEmpty();
        assertThat(calls.pauseAfter(3, Optional.of(Duration.ofMillis(10)))).as("no attempt left").isEmpty();
    }
}
