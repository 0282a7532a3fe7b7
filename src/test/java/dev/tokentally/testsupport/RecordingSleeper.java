package dev.tokentally.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tokentally.providersync.Sleeper;

/** Notes each pause instead of waiting: tests check how long the code would have waited, without waiting. */
public class RecordingSleeper implements Sleeper {

    private final List<Duration> pauses = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration pause) {
        pauses.add(pause);
    }

    public List<Duration> pauses() {
        return List.copyOf(pauses);
    }

    public void reset() {
        pauses.clear();
    }
}
