package dev.tokentally.usage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.tokentally.pricing.CallContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gathers concurrent single recordings into one transaction. A few committer threads take what is
 * queued; while another group is being committed (there is load) a committer waits up to {@code max-wait}
 * for more company, otherwise it starts at once. Each caller is answered after its group committed. When
 * a group fails (a statement a neighbour's report broke, a deadlock), every report of it is recorded again
 * on its own, so each caller gets its own answer and no one fails for a neighbour. Whatever a group throws (an
 * {@link Error} too) fails only its callers, and the committers go on; a caller waits for its answer at most
 * {@code timeout}.
 */
@Component
@EnableConfigurationProperties(GroupCommitProperties.class)
class GroupCommit implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** One caller's report, waiting for its group. */
    record Pending(long organizationId, ReportedCall report, CallContext context, Runnable alsoInTransaction,
                           CompletableFuture<BatchOutcome> answer) {
    }

    private final LedgerWriter writer;
    private final TransactionTemplate transaction;
    private final int committers;
    private final long maxWaitNanos;
    private final int maxSize;
    private final Duration timeout;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger committing = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    GroupCommit(LedgerWriter writer, TransactionTemplate transaction, GroupCommitProperties properties) {
        this.writer = writer;
        this.transaction = transaction;
        this.committers = properties.committers();
        this.maxWaitNanos = properties.maxWait().toNanos();
        this.maxSize = properties.maxSize();
        this.timeout = properties.timeout();
    }

    /**
     * Records the report in the next group and waits until that group committed, at most {@code timeout}.
     *
     * @param context what the call's budget gate looked up (null: looked up when the group is written)
     * @param alsoInTransaction runs in the group's transaction right after the report is written (null: nothing)
     * @throws IllegalStateException when no answer came in time
     */
    BatchOutcome record(long organizationId, ReportedCall report, CallContext context, Runnable alsoInTransaction) {
        Pending pending = new Pending(organizationId, report, context, alsoInTransaction, new CompletableFuture<>());
        queue.add(pending);
        if (!running && queue.remove(pending)) {
            commitAlone(pending); // stopping: no committer takes it any more
        }
        try {
            return pending.answer().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).join();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof TimeoutException) {
                // Still queued: it is taken out and never recorded. Otherwise its group is being committed.
                throw new IllegalStateException("The usage was not recorded within " + timeout + (queue.remove(pending)
                        ? "; it never will be" : "; its group is still being committed and may record it"));
            }
            throw failed.getCause() instanceof RuntimeException runtime ? runtime : failed;
        }
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < committers; i++) {
            threads.add(Thread.ofPlatform().daemon().name("usage-group-commit-" + i).start(this::commitGroups));
        }
    }

    @Override
    public void stop() {
        running = false;
        threads.forEach(GroupCommit::awaitEnd);
        threads.clear();
        // Whoever is still queued is answered before the database goes away.
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(this::commitAlone);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Starts before the web server takes requests and stops after it finished them (graceful shutdown).
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    private void commitGroups() {
        while (running) {
            List<Pending> group;
            try {
                group = nextGroup();
            } catch (InterruptedException stopping) {
                return;
            }
            if (group.isEmpty()) {
                continue;
            }
            committing.incrementAndGet();
            try {
                commit(group);
            } catch (Throwable unexpected) {
                // commit answers every caller itself; whatever still comes through must not end the committer.
                log.error("A group commit failed unexpectedly", unexpected);
            } finally {
                committing.decrementAndGet();
            }
        }
    }

    private List<Pending> nextGroup() throws InterruptedException {
        List<Pending> group = new ArrayList<>();
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS); // now and then, to see whether to stop
        if (first == null) {
            return group;
        }
        group.add(first);
        queue.drainTo(group, maxSize - group.size());
        long deadline = System.nanoTime() + maxWaitNanos;
        while (group.size() < maxSize && committing.get() > 0) {
            long left = deadline - System.nanoTime();
            Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                break;
            }
            group.add(next);
            queue.drainTo(group, maxSize - group.size());
        }
        return group;
    }

    /** Commits the reports as one group and answers each; the committers' work, and a group of known members for tests. */
    void commit(List<Pending> group) {
        List<BatchOutcome> outcomes;
        try {
            outcomes = transaction.execute(status -> write(group));
        } catch (RuntimeException | Error failed) {
            if (group.size() == 1) {
                group.getFirst().answer().completeExceptionally(failed);
            } else {
                log.info("A group of {} recordings failed ({}); recording each on its own", group.size(), failed.toString());
                group.forEach(this::commitAlone);
            }
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).answer().complete(outcomes.get(i));
        }
    }

    private void commitAlone(Pending pending) {
        try {
            pending.answer().complete(transaction.execute(status -> write(List.of(pending)).getFirst()));
        } catch (RuntimeException | Error failed) {
            pending.answer().completeExceptionally(failed);
        }
    }

    /** The group's reports by organization (in id order, the order their month rows are locked in). */
    private List<BatchOutcome> write(List<Pending> group) {
        Map<Long, List<Integer>> byOrganization = new TreeMap<>();
        for (int i = 0; i < group.size(); i++) {
            byOrganization.computeIfAbsent(group.get(i).organizationId(), id -> new ArrayList<>()).add(i);
        }
        BatchOutcome[] outcomes = new BatchOutcome[group.size()];
        for (Map.Entry<Long, List<Integer>> organization : byOrganization.entrySet()) {
            List<Integer> indexes = organization.getValue();
            List<BatchOutcome> written = writer.write(organization.getKey(),
                    indexes.stream().map(index -> group.get(index).report()).toList(),
                    indexes.stream().map(index -> group.get(index).context()).collect(Collectors.toList()));
            for (int i = 0; i < indexes.size(); i++) {
                outcomes[indexes.get(i)] = written.get(i);
            }
        }
        group.stream().filter(pending -> pending.alsoInTransaction() != null)
                .sorted(Comparator.comparingLong(Pending::organizationId))
                .forEach(pending -> pending.alsoInTransaction().run());
        return List.of(outcomes);
    }

    private static void awaitEnd(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
