package dev.tokentally.budgets;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Budget leases: this instance's slice of a hard budget's headroom, held in PostgreSQL as one reservation row of its own
 * ({@code budget_reservation}, under the lease's id) and spent from memory, so that a call admitted from its leases waits
 * on no database round trip and on no other instance. A lease is granted, grown and renewed by the gate's transaction
 * under the budget's row lock (see {@link BudgetSpending#leaseOrReserve}), only while the budget has room for far more
 * calls than the lease takes (at most an eighth of what no one holds); nearer the limit every call is reserved on its own,
 * exactly as before leases, and this instance's lease shrinks to what its calls in flight hold.
 *
 * <p>Why the limit still holds across instances: when a lease of amount A is written, the spend, every other holder's
 * reservations and A together fit the limit; A covers the worst cases of this instance's calls still in flight then
 * (their costs are not yet in the spend) and of every call admitted from it since, whose real costs are at most their
 * worst cases. A call's worst case is never given back to the lease it came from (its cost may already be in the spend),
 * only forgotten by the next grant, which counts only the calls still in flight. Calls in flight are counted until their
 * recording committed, so a grant sees each call either in flight or in the spend, never in neither.
 *
 * <p>Everything here for one organization is guarded by its lock, held only for moments; a transaction that rewrites a
 * lease's row (holding the budget's row lock) keeps calls from taking from that lease until it ended.
 */
@Component
class BudgetLeases implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BudgetLeases.class);

    /** A lease takes room for this many more calls like the one asking for it ... */
    static final int CALLS_PER_LEASE = 64;
    /** ... and is granted only when it would hold room for at least this many; below, calls are held one by one. */
    static final int LEAST_CALLS = 8;
    /** A lease's row is rewritten (and its expiry moved) at least this often while it is used. */
    static final Duration RENEW_EVERY = Duration.ofMinutes(1);
    /**
     * How long a lease's row counts: the keeper renews the rows of leases with calls in flight every {@link #KEEP_EVERY},
     * so the headroom of an instance that stopped without letting go comes back after this.
     */
    static final Duration LEASE_LIFETIME = Duration.ofMinutes(2);
    /** How often the keeper runs; a lease unused for this long with no call in flight is let go. */
    static final Duration KEEP_EVERY = Duration.ofSeconds(30);
    /** The longest a call waits for a lease being rewritten before it asks the database itself. */
    static final Duration REWRITE_WAIT = Duration.ofSeconds(1);

    private final Map<Long, Lease> byBudget = new ConcurrentHashMap<>();
    private final Map<Long, Organization> organizations = new ConcurrentHashMap<>();
    /** Per organization, a token replaced whenever any budget changes: a lease granted under an older one is not used. */
    private final ReferenceCache<Long, Object> generations;
    private final JdbcClient jdbc;
    private final Clock clock;
    private ScheduledExecutorService keeper;

    BudgetLeases(ReferenceChanges changes, JdbcClient jdbc, Clock clock) {
        this.generations = changes.cache(10_000, "budget");
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** An organization's lock over its leases, and the signal that a rewrite of one of them ended. */
    private record Organization(ReentrantLock lock, Condition rewritten) {
    }

    private Organization organization(long organizationId) {
        return organizations.computeIfAbsent(organizationId, id -> {
            ReentrantLock lock = new ReentrantLock();
            return new Organization(lock, lock.newCondition());
        });
    }

    /** The organization's budgets as they are now: take it before reading them, so a change meanwhile voids the grant. */
    Object generation(long organizationId) {
        return generations.get(organizationId, id -> new Object());
    }

    Lease of(long organizationId, long budgetId) {
        return byBudget.computeIfAbsent(budgetId, id -> new Lease(UUID.randomUUID(), organizationId));
    }

    /** A budget of the call's path with its current window. */
    record OnPath(Budget budget, PeriodWindow window) {
    }

    /**
     * Takes {@code cost} from the lease of each budget when every one has room; null, taking nothing, when one has not. While
     * a transaction rewrites one of the leases the call waits for it (briefly: one statement and a commit), so that no call
     * is taken from a lease whose new grant does not count it.
     */
    List<Lease> takeIfRoom(long organizationId, List<OnPath> budgets, BigDecimal cost, Object generation, Instant now) {
        Organization organization = organization(organizationId);
        organization.lock.lock();
        try {
            List<Lease> taken = new ArrayList<>(budgets.size());
            for (OnPath onPath : budgets) {
                Lease lease = byBudget.get(onPath.budget().getId());
                if (lease == null) {
                    return null;
                }
                while (lease.rewriting > 0) {
                    if (!organization.rewritten.await(REWRITE_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                        return null;
                    }
                }
                if (!lease.hasRoom(cost, onPath.window(), generation, now)) {
                    return null;
                }
                taken.add(lease);
            }
            taken.forEach(lease -> lease.take(cost, now));
            return taken;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            organization.lock.unlock();
        }
    }

    /**
     * The lease of {@code budget} is about to be rewritten by the current transaction, which holds the budget's row lock: no
     * call is taken from it until that transaction ended. Returns what its calls in flight hold (read after the row lock, so
     * it counts every call of an earlier grant; a call that lands meanwhile is counted twice, never not at all).
     */
    Rewrite rewrite(long organizationId, long budgetId) {
        Organization organization = organization(organizationId);
        Lease lease = of(organizationId, budgetId);
        organization.lock.lock();
        try {
            lease.rewriting++;
            Rewrite rewrite = new Rewrite(organization, lease, lease.inFlight);
            TransactionSynchronizationManager.registerSynchronization(rewrite);
            return rewrite;
        } finally {
            organization.lock.unlock();
        }
    }

    /** One transaction's rewrite of a lease: taken over when it commits, forgotten when it rolls back. */
    static final class Rewrite implements TransactionSynchronization {

        private final Organization organization;
        final Lease lease;
        final BigDecimal inFlight;
        private BudgetSpending.LeaseCheck check;
        private BigDecimal cost;
        private PeriodWindow window;
        private Object generation;
        private Instant writtenAt;
        private Instant renewBy;

        private Rewrite(Organization organization, Lease lease, BigDecimal inFlight) {
            this.organization = organization;
            this.lease = lease;
            this.inFlight = inFlight;
        }

        /** What the statement wrote; a leased call is counted in flight from now on (until its transaction rolls back). */
        void wrote(BudgetSpending.LeaseCheck written, BigDecimal callCost, PeriodWindow in, Object underGeneration, Instant now) {
            organization.lock.lock();
            try {
                check = written;
                cost = callCost;
                window = in;
                generation = underGeneration;
                writtenAt = now;
                renewBy = now.plus(RENEW_EVERY);
                if (check.leased()) {
                    lease.inFlight = lease.inFlight.add(cost);
                }
            } finally {
                organization.lock.unlock();
            }
        }

        boolean leased() {
            return check != null && check.leased();
        }

        @Override
        public void afterCompletion(int status) {
            organization.lock.lock();
            try {
                if (check != null && status == STATUS_COMMITTED) {
                    lease.granted = check.leaseAmount();
                    lease.used = check.leased() ? inFlight.add(cost) : inFlight;
                    lease.window = window;
                    lease.generation = generation;
                    lease.renewBy = renewBy;
                    lease.lastUsed = writtenAt;
                } else if (leased()) {
                    lease.inFlight = lease.inFlight.subtract(cost);
                }
                lease.rewriting--;
                organization.rewritten.signalAll();
            } finally {
                organization.lock.unlock();
            }
        }
    }

    /**
     * The call's share of its leases ends once its recording committed (or at once when nothing records it): from then
     * on the spend holds its cost.
     */
    void finish(long organizationId, List<Lease> leases, BigDecimal cost) {
        if (leases.isEmpty()) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    // Rolled back: the call may still be recorded (alone, after its group failed); it stays counted.
                    if (status == STATUS_COMMITTED) {
                        landed(organizationId, leases, cost);
                    }
                }
            });
        } else {
            landed(organizationId, leases, cost);
        }
    }

    private void landed(long organizationId, List<Lease> leases, BigDecimal cost) {
        Organization organization = organization(organizationId);
        organization.lock.lock();
        try {
            leases.forEach(lease -> lease.inFlight = lease.inFlight.subtract(cost));
        } finally {
            organization.lock.unlock();
        }
    }

    /**
     * One budget's lease on this instance. {@code granted}: the amount of its row; {@code used}: what calls took from it
     * since (their worst cases); {@code inFlight}: the worst cases of its calls not recorded yet, however old the grant.
     */
    static final class Lease {

        final UUID id;
        private final long organizationId;
        private BigDecimal granted = BigDecimal.ZERO;
        private BigDecimal used = BigDecimal.ZERO;
        private BigDecimal inFlight = BigDecimal.ZERO;
        private PeriodWindow window;
        private Object generation;
        private Instant renewBy = Instant.MIN;
        /** Transactions rewriting the lease's row now: none may take from it meanwhile. */
        private int rewriting;

        /** When a call last took from it or a transaction granted it. */
        private Instant lastUsed = Instant.MIN;

        Lease(UUID id, long organizationId) {
            this.id = id;
            this.organizationId = organizationId;
        }

        private boolean hasRoom(BigDecimal cost, PeriodWindow now, Object currentGeneration, Instant at) {
            return generation == currentGeneration && now.equals(window) && at.isBefore(renewBy)
                    && used.add(cost).compareTo(granted) <= 0;
        }

        private void take(BigDecimal cost, Instant at) {
            lastUsed = at;
            used = used.add(cost);
            inFlight = inFlight.add(cost);
        }

    }

    /**
     * The keeper's round: the rows of leases with calls in flight live on; a lease no call used for {@link #KEEP_EVERY}
     * and none holds is let go, so that its headroom is everyone's again (while it is, no call takes from it).
     */
    void keep() {
        Instant now = clock.instant();
        for (Lease lease : byBudget.values()) {
            Organization organization = organization(lease.organizationId);
            boolean letGo;
            organization.lock.lock();
            try {
                if (lease.rewriting > 0 || lease.granted.signum() == 0 && lease.inFlight.signum() == 0) {
                    continue;
                }
                letGo = lease.inFlight.signum() == 0 && lease.lastUsed.isBefore(now.minus(KEEP_EVERY));
                if (letGo) {
                    lease.rewriting++;
                    lease.granted = BigDecimal.ZERO;
                    lease.used = BigDecimal.ZERO;
                }
            } finally {
                organization.lock.unlock();
            }
            try {
                if (letGo) {
                    jdbc.sql("delete from budget_reservation where call_id = ?").param(lease.id).update();
                } else {
                    jdbc.sql("update budget_reservation set expires_at = ? where call_id = ?")
                            .param(Timestamp.from(now.plus(LEASE_LIFETIME))).param(lease.id).update();
                }
            } finally {
                if (letGo) {
                    organization.lock.lock();
                    try {
                        lease.rewriting--;
                        organization.rewritten.signalAll();
                    } finally {
                        organization.lock.unlock();
                    }
                }
            }
        }
    }

    @Override
    public void start() {
        keeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("budget-lease-keeper").factory());
        keeper.scheduleWithFixedDelay(() -> {
            try {
                keep();
            } catch (RuntimeException failed) {
                log.warn("Could not renew or let go of budget leases; trying again in {}", KEEP_EVERY, failed);
            }
        }, KEEP_EVERY.toMillis(), KEEP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets go of the leases no call holds any more, after the web server and the ledger's committers stopped. */
    @Override
    public void stop() {
        if (keeper != null) {
            keeper.shutdownNow();
            keeper = null;
        }
        UUID[] idle = byBudget.values().stream().filter(lease -> lease.inFlight.signum() == 0).map(lease -> lease.id)
                .toArray(UUID[]::new);
        if (idle.length > 0) {
            try {
                jdbc.sql("delete from budget_reservation where call_id = any(?)").param(idle).update();
            } catch (RuntimeException databaseGone) {
                // They expire on their own (LEASE_LIFETIME).
            }
        }
    }

    @Override
    public boolean isRunning() {
        return keeper != null;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 8192;
    }
}
