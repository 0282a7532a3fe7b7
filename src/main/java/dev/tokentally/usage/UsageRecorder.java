package dev.tokentally.usage;

import java.util.Collections;
import java.util.List;

import dev.tokentally.pricing.CallContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The one way usage enters the ledger, whatever its source. In one transaction: each event priced with
 * the price in effect when its call happened, inserted once per idempotency key, and added to its day's
 * rollup; after commit the organization's live views hear of it. A batch is one transaction with one
 * insert and one rollup update per group, which is what makes the ledger fast; single recordings made
 * at the same time share such a transaction too (group commit), unless their caller has a transaction of
 * its own, which then holds the recording as well.
 */
@Service
public class UsageRecorder {

    private final LedgerWriter writer;
    private final GroupCommit groups;

    UsageRecorder(LedgerWriter writer, GroupCommit groups) {
        this.writer = writer;
        this.groups = groups;
    }

    /**
     * Records a call, and returns once it is durable. The same key again returns the first event as a
     * duplicate; the same key with other counts is a {@link UsageConflictException}. Labels longer than the ledger keeps are
     * bounded ({@link LedgerLabels}), never refused.
     *
     * @throws IllegalArgumentException for a report the ledger cannot hold (nothing is recorded)
     */
    public RecordResult record(long organizationId, ReportedCall report) {
        return record(organizationId, report, null);
    }

    /**
     * Records a call as {@link #record(long, ReportedCall)} does, and runs {@code alsoInTransaction} in the
     * transaction that records it (a budget reservation replaced by the real cost, say), whether the call
     * is new or a duplicate.
     */
    public RecordResult record(long organizationId, ReportedCall reported, Runnable alsoInTransaction) {
        return record(organizationId, reported, null, alsoInTransaction);
    }

    /**
     * Records a call as {@link #record(long, ReportedCall, Runnable)} does, booked with what its budget gate looked up
     * ({@code context}, null: looked up here) instead of looking it up again.
     */
    public RecordResult record(long organizationId, ReportedCall reported, CallContext context, Runnable alsoInTransaction) {
        ReportedCall report = checked(reported);
        BatchOutcome outcome;
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            outcome = writer.write(organizationId, List.of(report), Collections.singletonList(context)).getFirst();
            if (alsoInTransaction != null) {
                alsoInTransaction.run();
            }
        } else {
            outcome = groups.record(organizationId, report, context, alsoInTransaction);
        }
        if (outcome.conflict() != null) {
            throw outcome.conflict();
        }
        return outcome.result();
    }

    /** Records many calls of one organization in one transaction; each gets its own outcome, in order. */
    @Transactional
    public List<BatchOutcome> recordAll(long organizationId, List<ReportedCall> reports) {
        return writer.write(organizationId, reports.stream().map(UsageRecorder::checked).toList());
    }

    /**
     * The report with its labels bounded as the ledger keeps them; a report without what the ledger's columns require
     * is refused before it can join a group.
     */
    private static ReportedCall checked(ReportedCall report) {
        if (report.idempotencyKey() == null || report.idempotencyKey().isEmpty()) {
            throw new IllegalArgumentException("A usage report needs an idempotency key");
        }
        if (report.idempotencyKey().startsWith(UsageSource.GATEWAY_KEY_PREFIX) != (report.source() == UsageSource.GATEWAY)) {
            throw new IllegalArgumentException("Idempotency keys starting with '" + UsageSource.GATEWAY_KEY_PREFIX
                    + "' are the gateway's own, and the gateway's keys start with it");
        }
        if (report.provider() == null || report.model() == null || report.tokens() == null || report.occurredAt() == null
                || report.source() == null) {
            throw new IllegalArgumentException("A usage report needs its provider, model, tokens, time and source");
        }
        return LedgerLabels.bounded(report);
    }
}
