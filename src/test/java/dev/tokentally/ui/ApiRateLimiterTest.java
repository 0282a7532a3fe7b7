package dev.tokentally.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.tokentally.testsupport.TestClock;
import org.junit.jupiter.api.Test;

class ApiRateLimiterTest {

    @Test
    void a_key_gets_its_rate_per_second_then_waits_while_other_keys_go_on() {
        TestClock clock = new TestClock();
        ApiRateLimiter limiter = new ApiRateLimiter(3, clock);

        assertThat(limiter.tryAcquire(1)).isTrue();
        assertThat(limiter.tryAcquire(1)).isTrue();
        assertThat(limiter.tryAcquire(1)).isTrue();
        assertThat(limiter.tryAcquire(1)).as("the fourth request within the second").isFalse();
        assertThat(limiter.tryAcquire(2)).as("another key has its own bucket").isTrue();

        clock.advance(Duration.ofMillis(340));
        assertThat(limiter.tryAcquire(1)).as("a third of a second refills one request").isTrue();
        assertThat(limiter.tryAcquire(1)).isFalse();
    }

    @Test
    void a_clock_set_back_does_not_drain_the_bucket() {
        TestClock clock = new TestClock();
        ApiRateLimiter limiter = new ApiRateLimiter(3, clock);
        assertThat(limiter.tryAcquire(1)).isTrue();

        clock.advance(Duration.ofDays(-10));

        assertThat(limiter.tryAcquire(1)).isTrue();
        assertThat(limiter.tryAcquire(1)).isTrue();
        assertThat(limiter.tryAcquire(1)).as("the bucket held three").isFalse();
    }
}
