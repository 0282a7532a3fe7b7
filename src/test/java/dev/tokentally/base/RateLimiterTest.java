package dev.tokentally.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.tokentally.testsupport.TestClock;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void a_key_gets_its_rate_per_second_then_waits_while_other_keys_go_on() {
        TestClock clock = new TestClock();
        RateLimiter limiter = new RateLimiter(Duration.ofSeconds(1), clock);

        assertThat(limiter.tryTake(1L, 3)).isTrue();
        assertThat(limiter.tryTake(1L, 3)).isTrue();
        assertThat(limiter.tryTake(1L, 3)).isTrue();
        assertThat(limiter.tryTake(1L, 3)).as("the fourth request within the second").isFalse();
        assertThat(limiter.tryTake(2L, 3)).as("another key has its own bucket").isTrue();

        clock.advance(Duration.ofMillis(340));
        assertThat(limiter.tryTake(1L, 3)).as("a third of a second refills one request").isTrue();
        assertThat(limiter.tryTake(1L, 3)).isFalse();
    }

    @Test
    void a_clock_set_back_does_not_drain_the_bucket() {
        TestClock clock = new TestClock();
        RateLimiter limiter = new RateLimiter(Duration.ofSeconds(1), clock);
        assertThat(limiter.tryTake(1L, 3)).isTrue();

        clock.advance(Duration.ofDays(-10));

        assertThat(limiter.tryTake(1L, 3)).isTrue();
        assertThat(limiter.tryTake(1L, 3)).isTrue();
        assertThat(limiter.tryTake(1L, 3)).as("the bucket held three").isFalse();
    }

    @Test
    void a_call_refused_by_one_bucket_takes_from_none_and_says_how_long_to_wait() {
        TestClock clock = new TestClock();
        RateLimiter limiter = new RateLimiter(Duration.ofMinutes(1), clock);
        List<RateLimiter.Ask> call = List.of(new RateLimiter.Ask("requests", 10, 1), new RateLimiter.Ask("tokens", 1_000, 600));
        assertThat(limiter.take(call).taken()).isTrue();

        RateLimiter.Outcome refused = limiter.take(call);

        assertThat(refused.taken()).isFalse();
        assertThat(refused.limiting()).as("the tokens ran out").isEqualTo(1);
        assertThat(refused.waitMillis()).as("200 tokens at 1,000 a minute").isEqualTo(12_000);
        assertThat(refused.levels()).extracting(RateLimiter.Level::remaining).as("the request was not taken").containsExactly(9L, 400L);
    }
}
