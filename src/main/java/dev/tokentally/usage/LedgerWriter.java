package dev.tokentally.usage;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import dev.tokentally.organizations.TeamDirectory;
import dev.tokentally.pricing.CallContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Writes one organization's reports into the ledger, in the caller's transaction: the months' token rows
 * locked first (which orders concurrent recordings of the organization) and, in the same round trip, the keys it
 * already has looked up; each new call priced and billed with the month's tokens before it; then one statement
 * that inserts them all, adds them to their rollups and months and notifies the organization's live views. Each
 * event's team is decided here, from the organization's cached teams ({@link TeamDirectory}), unless the report comes
 * with the {@link CallContext} its budget gate looked up, whose team, locale, prices and terms it then books with.
 */
@Component
class LedgerWriter {

    private final LedgerStore ledger;
    private final MonthTokens monthTokens;
    private final CallPricing callPricing;
    private final ApplicationEventPublisher events;
    private final TeamDirectory directory;
    private final Clock clock;

    LedgerWriter(LedgerStore ledger, MonthTokens monthTokens, CallPricing callPricing, ApplicationEventPublisher events,
                 TeamDirectory directory, Clock clock) {
        this.directory = directory;
        this.ledger = ledger;
        this.monthTokens = monthTokens;
        this.callPricing = callPricing;
        this.events = events;
        this.clock = clock;
    }

    /** Each report's outcome, in order. */
    List<BatchOutcome> write(long organizationId, List<ReportedCall> reports) {
        return write(organizationId, reports, Collections.nCopies(reports.size(), null));
    }

    /** Each report's outcome, in order; {@code contexts} holds each report's context (null: none), in the same order. */
    List<BatchOutcome> write(long organizationId, List<ReportedCall> reports, List<CallContext> contexts) {
        if (reports.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Long> teamIds = teamsOf(organizationId, reports, contexts);
        CallContext resolved = contexts.stream().filter(context -> known(organizationId, context)).findFirst().orElse(null);
        CallPricing.Session pricing = resolved == null ? callPricing.session(organizationId)
                : callPricing.session(organizationId, resolved.locale());
        List<CallPricing.Quote> quotes = new ArrayList<>(reports.size());
        for (int i = 0; i < reports.size(); i++) {
            ReportedCall report = reports.get(i);
            if (known(organizationId, contexts.get(i))) {
                pricing.know(report.provider(), report.model(), contexts.get(i));
            }
            quotes.add(pricing.quote(report.provider(), report.model(), report.tokens(), report.occurredAt()));
        }
        // The keys are looked up under the month locks, in the same round trip.
        MonthTokens.Locked<UsageEvent> locked = monthTokens.lockThen(organizationId,
                quotes.stream().map(CallPricing.Quote::month).distinct().toList(), LedgerStore.BY_KEYS,
                new Object[] {organizationId, reports.stream().map(ReportedCall::idempotencyKey).distinct().toArray(String[]::new)},
                (rs, row) -> LedgerStore.event(rs));
        Map<LocalDate, Long> month = locked.months();
        Map<String, UsageEvent> earlier = new HashMap<>();
        locked.rows().forEach(event -> earlier.put(event.idempotencyKey(), event));

        List<BatchOutcome> outcomes = new ArrayList<>(reports.size());
        List<LedgerStore.NewEvent> recorded = new ArrayList<>();
        Map<LocalDate, Long> added = new TreeMap<>();
        for (int i = 0; i < reports.size(); i++) {
            ReportedCall report = reports.get(i);
            UsageEvent first = earlier.get(report.idempotencyKey());
            if (first != null) {
                outcomes.add(sameCall(first, report) ? new BatchOutcome(new RecordResult(RecordResult.Status.DUPLICATE, first), null)
                        : new BatchOutcome(null, new UsageConflictException(report.idempotencyKey())));
                continue;
            }
            CallPricing.Quote quote = quotes.get(i);
            long before = month.getOrDefault(quote.month(), 0L) + added.getOrDefault(quote.month(), 0L);
            // A cache hit reached no provider: it costs nothing, whatever the model's per-request fee.
            CallPricing.Priced priced = report.cacheHit() == null ? pricing.bill(quote, before) : pricing.free(quote);
            LedgerStore.NewEvent event = new LedgerStore.NewEvent(UUID.randomUUID(), organizationId, report,
                    priced, teamIds.get(i));
            added.merge(quote.month(), priced.totalTokens(), Long::sum);
            recorded.add(event);
            UsageEvent row = event.asRecorded(now);
            earlier.put(report.idempotencyKey(), row);
            outcomes.add(new BatchOutcome(new RecordResult(RecordResult.Status.RECORDED, row), null));
        }
        if (recorded.isEmpty()) {
            return outcomes;
        }
        Set<UUID> inserted = ledger.write(organizationId, recorded, added, now);
        if (inserted.size() != recorded.size()) {
            // Only a writer that skipped the month lock could have inserted one of these keys meanwhile.
            throw new IllegalStateException("Usage of organization " + organizationId + " was recorded concurrently around the month lock");
        }
        long tokens = 0;
        for (LedgerStore.NewEvent event : recorded) {
            CallPricing.Priced priced = event.priced();
            tokens += priced.totalTokens();
            Attribution who = event.report().attribution();
            events.publishEvent(new UsageRecorded(event.id(), organizationId, event.report().provider(), event.report().model(),
                    priced.modelId(), priced.totalTokens(),
                    new EventCost(priced.rawUsd(), priced.billed(), priced.currency(), priced.priceVersionId()),
                    new Attribution(who.userId(), who.externalUser(), who.agent(), who.session(), event.teamId(), who.apiKeyId())));
        }
        events.publishEvent(new OrganizationUsageRecorded(organizationId, recorded.size(), tokens));
        return outcomes;
    }

    /**
     * Each report's team: its context's, else decided from the organization's teams, looked up once for the reports
     * without one; an unknown key or team refuses the batch before anything is locked.
     */
    private List<Long> teamsOf(long organizationId, List<ReportedCall> reports, List<CallContext> contexts) {
        List<Attribution> unknown = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            if (!known(organizationId, contexts.get(i))) {
                unknown.add(reports.get(i).attribution());
            }
        }
        TeamDirectory.OrganizationTeams teams = unknown.isEmpty() ? null : directory.knowing(organizationId,
                unknown.stream().map(Attribution::apiKeyId).toList(), unknown.stream().map(Attribution::teamId).toList());
        List<Long> teamIds = new ArrayList<>(reports.size());
        for (int i = 0; i < reports.size(); i++) {
            Attribution by = reports.get(i).attribution();
            teamIds.add(known(organizationId, contexts.get(i)) ? contexts.get(i).teamId()
                    : teams.attribute(by.apiKeyId(), by.agent(), by.teamId(), by.userId()));
        }
        return teamIds;
    }

    private static boolean known(long organizationId, CallContext context) {
        return context != null && context.organizationId() == organizationId;
    }

    private static boolean sameCall(UsageEvent first, ReportedCall report) {
        return first.provider().equals(report.provider()) && first.model().equals(report.model())
                && first.tokens().equals(report.tokens());
    }
}
