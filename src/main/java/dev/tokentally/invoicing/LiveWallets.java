package dev.tokentally.invoicing;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.tokentally.credits.WalletBalanceChanged;
import dev.tokentally.usage.LiveUsageBroadcaster;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells the open views of an organization's wallet that its balance changed: after a grant, an expiry or a top-up
 * paid here commits, and whenever usage is recorded (the consumption commits with it, and that signal also reaches
 * the other instances).
 */
@Component
public class LiveWallets {

    private static final Logger log = LoggerFactory.getLogger(LiveWallets.class);

    private final LiveUsageBroadcaster usage;
    private final Map<Long, Set<Runnable>> listeners = new ConcurrentHashMap<>();
    private final ExecutorService calls = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("live-wallets").daemon().factory());

    LiveWallets(LiveUsageBroadcaster usage) {
        this.usage = usage;
    }

    /** Calls {@code onChange} (on a background thread) whenever the organization's balance may have changed. */
    public LiveUsageBroadcaster.Subscription subscribe(long organizationId, Runnable onChange) {
        LiveUsageBroadcaster.Subscription usageRecorded = usage.subscribe(organizationId, onChange);
        listeners.computeIfAbsent(organizationId, id -> new CopyOnWriteArraySet<>()).add(onChange);
        return () -> {
            usageRecorded.cancel();
            listeners.getOrDefault(organizationId, Set.of()).remove(onChange);
        };
    }

    @TransactionalEventListener
    void balanceChanged(WalletBalanceChanged change) {
        calls.execute(() -> {
            for (Runnable listener : listeners.getOrDefault(change.organizationId(), Set.of())) {
                try {
                    listener.run();
                } catch (RuntimeException failed) {
                    log.warn("A live wallet listener failed", failed);
                }
            }
        });
    }

    @PreDestroy
    void shutdown() {
        calls.shutdownNow();
    }
}
