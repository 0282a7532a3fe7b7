package dev.tokentally.invoicing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tokentally.credits.WalletBalanceChanged;
import dev.tokentally.organizations.OrganizationService;
import jakarta.annotation.PreDestroy;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tops a wallet up when its balance falls below the threshold of its settings: after a commit that lowered the
 * balance (off the recording thread), and by a sweep for a crossing whose check a crash lost. {@link TopUps#topUpIfLow}
 * issues at most one top-up per pending invoice, however many checks run at once.
 */
@Component
public class AutoTopUp {

    private static final Logger log = LoggerFactory.getLogger(AutoTopUp.class);

    private final TopUps topUps;
    private final OrganizationService organizations;
    private final ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor();
    /** Organizations with a check queued but not started: a burst of consumption makes one more check, not one each. */
    private final Set<Long> queued = ConcurrentHashMap.newKeySet();
    /** Checks queued or running; tests wait for zero instead of sleeping. */
    final AtomicInteger running = new AtomicInteger();

    AutoTopUp(TopUps topUps, OrganizationService organizations) {
        this.topUps = topUps;
        this.organizations = organizations;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void balanceChanged(WalletBalanceChanged change) {
        long organizationId = change.organizationId();
        if (change.after().amount().compareTo(change.before().amount()) >= 0 || !queued.add(organizationId)) {
            return;
        }
        running.incrementAndGet();
        checks.execute(() -> {
            queued.remove(organizationId);
            try {
                topUps.topUpIfLow(organizationId);
            } catch (RuntimeException failure) {
                log.warn("Automatic top-up of organization {} failed; the sweep will retry", organizationId, failure);
            } finally {
                running.decrementAndGet();
            }
        });
    }

    /** The schedule's entry: ShedLock locks only methods that return nothing. */
    @Scheduled(fixedDelayString = "${tokentally.top-ups.sweep-every}", initialDelayString = "${tokentally.top-ups.sweep-every}")
    @SchedulerLock(name = "auto-top-up-sweep", lockAtMostFor = "PT10M")
    public void scheduled() {
        sweep();
    }

    /** Issues the top-ups that wallets below their threshold lack; returns how many. */
    public int sweep() {
        int issued = 0;
        for (long organizationId : organizations.allIds()) {
            try {
                if (topUps.topUpIfLow(organizationId).isPresent()) {
                    issued++;
                }
            } catch (RuntimeException failure) {
                // One organization's trouble (a name the invoice font cannot print, say) must not keep the others waiting.
                log.warn("No automatic top-up for organization {}: {}", organizationId, failure.getMessage());
            }
        }
        return issued;
    }

    @PreDestroy
    void shutdown() {
        checks.shutdown();
    }
}
