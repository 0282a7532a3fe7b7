package dev.tokentally.usage;

import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one way usage enters the ledger, whatever its source. In one transaction: the event priced with
 * the price in effect when the call happened, inserted once per idempotency key, and added to its
 * day's rollup; after commit the organization's live views hear of it.
 */
@Service
public class UsageRecorder {

    private final UsageLedger ledger;
    private final CallPricing callPricing;
    private final ApplicationEventPublisher events;

    UsageRecorder(UsageLedger ledger, CallPricing callPricing, ApplicationEventPublisher events) {
        this.ledger = ledger;
        this.callPricing = callPricing;
        this.events = events;
    }

    /**
     * Records a call. The same key again returns the first event as a duplicate; the same key with other
     * counts is a {@link UsageConflictException}.
     */
    @Transactional
    public RecordResult record(long organizationId, UsageReport report) {
        CallPricing.Priced priced = callPricing.price(organizationId, report.provider(), report.model(), report.tokens(),
                report.occurredAt(), false);
        Optional<UUID> inserted = ledger.insert(new UsageLedger.NewEvent(organizationId, report, priced));
        if (inserted.isEmpty()) {
            UsageEvent first = ledger.byKey(organizationId, report.idempotencyKey()).orElseThrow();
            if (!sameCall(first, report)) {
                throw new UsageConflictException(report.idempotencyKey());
            }
            return new RecordResult(RecordResult.Status.DUPLICATE, first);
        }
        ledger.addToRollup(organizationId, report, priced);
        ledger.notifyRecorded(organizationId);
        events.publishEvent(new UsageRecorded(inserted.get(), organizationId, report.userId(), report.agent(),
                report.provider(), report.model(), priced.totalTokens(), priced.rawUsd(), priced.billed(), priced.currency()));
        return new RecordResult(RecordResult.Status.RECORDED, ledger.byId(inserted.get()).orElseThrow());
    }

    private static boolean sameCall(UsageEvent first, UsageReport report) {
        return first.provider().equals(report.provider()) && first.model().equals(report.model())
                && first.tokens().equals(report.tokens());
    }
}
