package dev.tokentally.usage;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one way usage enters the ledger, whatever its source. In one transaction: each event priced with
 * the price in effect when its call happened, inserted once per idempotency key, and added to its day's
 * rollup; after commit the organization's live views hear of it. A batch is one transaction with one
 * insert and one rollup update per group, which is what makes the ledger fast.
 */
@Service
public class UsageRecorder {

    private final UsageLedger ledger;
    private final CallPricing callPricing;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    UsageRecorder(UsageLedger ledger, CallPricing callPricing, ApplicationEventPublisher events, Clock clock) {
        this.ledger = ledger;
        this.callPricing = callPricing;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Records a call. The same key again returns the first event as a duplicate; the same key with other
     * counts is a {@link UsageConflictException}.
     */
    @Transactional
    public RecordResult record(long organizationId, UsageReport report) {
        BatchOutcome outcome = recordAll(organizationId, List.of(report)).getFirst();
        if (outcome.conflict() != null) {
            throw outcome.conflict();
        }
        return outcome.result();
    }

    /** Records many calls of one organization; each gets its own outcome, in order. */
    @Transactional
    public List<BatchOutcome> recordAll(long organizationId, List<UsageReport> reports) {
        Instant now = clock.instant();
        CallPricing.Session pricing = callPricing.session(organizationId);
        List<UsageLedger.NewEvent> newEvents = new ArrayList<>(reports.size());
        for (UsageReport report : reports) {
            newEvents.add(new UsageLedger.NewEvent(UUID.randomUUID(), organizationId, report,
                    pricing.price(report.provider(), report.model(), report.tokens(), report.occurredAt(), false)));
        }
        Set<UUID> inserted = ledger.insertAll(organizationId, newEvents, now);
        List<UsageLedger.NewEvent> recorded = newEvents.stream().filter(event -> inserted.contains(event.id())).toList();
        ledger.addToRollups(organizationId, recorded);

        Set<String> keysRecorded = new HashSet<>();
        recorded.forEach(event -> keysRecorded.add(event.report().idempotencyKey()));
        Map<String, UsageEvent> earlier = new HashMap<>();
        List<String> missing = newEvents.stream().filter(event -> !inserted.contains(event.id()))
                .map(event -> event.report().idempotencyKey()).distinct().toList();
        ledger.byKeys(organizationId, missing).forEach(event -> earlier.put(event.idempotencyKey(), event));
        Map<String, UsageEvent> firstOfBatch = new HashMap<>();

        List<BatchOutcome> outcomes = new ArrayList<>(reports.size());
        for (UsageLedger.NewEvent event : newEvents) {
            String key = event.report().idempotencyKey();
            if (inserted.contains(event.id())) {
                UsageEvent row = event.asRecorded(now);
                firstOfBatch.put(key, row);
                outcomes.add(new BatchOutcome(new RecordResult(RecordResult.Status.RECORDED, row), null));
                continue;
            }
            UsageEvent first = earlier.getOrDefault(key, firstOfBatch.get(key));
            outcomes.add(sameCall(first, event.report())
                    ? new BatchOutcome(new RecordResult(RecordResult.Status.DUPLICATE, first), null)
                    : new BatchOutcome(null, new UsageConflictException(key)));
        }
        if (!recorded.isEmpty()) {
            ledger.notifyRecorded(organizationId);
            for (UsageLedger.NewEvent event : recorded) {
                CallPricing.Priced priced = event.priced();
                events.publishEvent(new UsageRecorded(event.id(), organizationId, event.report().userId(),
                        event.report().agent(), event.report().provider(), event.report().model(), priced.totalTokens(),
                        priced.rawUsd(), priced.billed(), priced.currency()));
            }
        }
        return outcomes;
    }

    private static boolean sameCall(UsageEvent first, UsageReport report) {
        return first.provider().equals(report.provider()) && first.model().equals(report.model())
                && first.tokens().equals(report.tokens());
    }
}
