package dev.tokentally.providersync;

import java.time.Duration;

/** Waits between attempts; tests put one in that only notes the pauses. */
public interface Sleeper {

    void sleep(Duration pause) throws InterruptedException;
}
