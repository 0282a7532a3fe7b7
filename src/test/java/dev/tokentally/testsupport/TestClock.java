package dev.tokentally.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** A clock tests can move; starts at the real time and is set back to it before each test. */
public class TestClock extends Clock {

    private volatile Instant now = realNow();

    public void reset() {
        now = realNow();
    }

    /** PostgreSQL keeps microseconds; so does this clock, so stored times compare equal. */
    private static Instant realNow() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("Tokentally's clock is UTC");
    }
}
