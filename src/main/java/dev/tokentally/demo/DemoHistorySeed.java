package dev.tokentally.demo;

import dev.tokentally.base.SeedData;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Loads the demo history once, after every other demo set. Off with {@code tokentally.demo-history=false}:
 * the tests, which reload the demo data before each test, leave it out.
 */
@Component
@ConditionalOnBooleanProperty(name = "tokentally.demo-history", matchIfMissing = true)
class DemoHistorySeed implements SeedData {

    private final DemoHistory history;

    DemoHistorySeed(DemoHistory history) {
        this.history = history;
    }

    @Override
    public String name() {
        return "demo-history";
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public boolean demoOnly() {
        return true;
    }

    @Override
    public void load() {
        history.load();
    }
}
