package dev.tokentally.usage;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells open views that an organization's usage changed, on any instance ({@link UsageSignal} feeds it). Listeners
 * are called on a thread of its own, never on the recording thread, which must not wait for views to refresh.
 */
@Component
public class LiveUsageBroadcaster {

    private static final Logger log = LoggerFactory.getLogger(LiveUsageBroadcaster.class);

    /** A way to stop listening. */
    public interface Subscription {
        void cancel();
    }

    private final Map<Long, Set<Runnable>> listeners = new ConcurrentHashMap<>();
    private final Set<Runnable> everyOrganization = new CopyOnWriteArraySet<>();
    private final ExecutorService calls = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("live-usage").daemon().factory());

    /** Calls {@code onChange} (on a background thread) whenever usage of the organization is recorded. */
    public Subscription subscribe(long organizationId, Runnable onChange) {
        listeners.computeIfAbsent(organizationId, id -> new CopyOnWriteArraySet<>()).add(onChange);
        return () -> listeners.getOrDefault(organizationId, Set.of()).remove(onChange);
    }

    /** Calls {@code onChange} whenever any organization's usage is recorded: for platform-wide views. */
    public Subscription subscribeAll(Runnable onChange) {
        everyOrganization.add(onChange);
        return () -> everyOrganization.remove(onChange);
    }

    void changed(long organizationId) {
        calls.execute(() -> {
            for (Runnable listener : everyOrganization) {
                notify(listener);
            }
            for (Runnable listener : listeners.getOrDefault(organizationId, Set.of())) {
                notify(listener);
            }
        });
    }

    @PreDestroy
    void shutdown() {
        calls.shutdownNow();
    }

    private static void notify(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException failed) {
            log.warn("A live usage listener failed", failed);
        }
    }
}
