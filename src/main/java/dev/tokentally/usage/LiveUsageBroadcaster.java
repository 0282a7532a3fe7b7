package dev.tokentally.usage;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells open views that an organization's usage changed. Fed by PostgreSQL notifications, so a view on
 * any application instance hears of usage recorded on any other.
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
        for (Runnable listener : everyOrganization) {
            notify(listener);
        }
        for (Runnable listener : listeners.getOrDefault(organizationId, Set.of())) {
            notify(listener);
        }
    }

    private static void notify(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException failed) {
            log.warn("A live usage listener failed", failed);
        }
    }
}
