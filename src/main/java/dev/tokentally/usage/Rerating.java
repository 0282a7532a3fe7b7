package dev.tokentally.usage;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.tokentally.pricing.PriceVersionAdded;
import dev.tokentally.pricing.UninvoicedEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Re-prices usage that is not invoiced yet when a model gets a price that covers it: events recorded as
 * unpriced get their cost, events priced with an older version get the new one. The ledger row never
 * changes: each re-pricing is a new {@code usage_correction} row, written with its rollups' adjustment in one
 * transaction, and readers see it through {@code usage_event_current}.
 */
@Service
class Rerating implements UninvoicedEvents {

    private static final Logger log = LoggerFactory.getLogger(Rerating.class);

    private record Candidate(UUID id, long organizationId, String provider, String model, BigDecimal raw, BigDecimal billed,
                             Instant occurredAt) {
    }

    /** Of an event {@code e}: no document has claimed it. */
    private static final String UNINVOICED = "not exists (select from invoiced_usage i where i.event_id = e.id)";

    private final JdbcClient jdbc;
    private final LedgerStore ledger;
    private final CallPricing callPricing;

    Rerating(JdbcClient jdbc, LedgerStore ledger, CallPricing callPricing) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.callPricing = callPricing;
    }

    @Override
    @Transactional(readOnly = true)
    public long countEvents(long modelId, Instant from, Instant to) {
        return jdbc.sql("""
                        select count(*) from usage_event_current e
                        where e.model_id = ? and e.occurred_at >= ? and e.occurred_at <= ?""" + " and " + UNINVOICED)
                .params(modelId, Timestamp.from(from), Timestamp.from(to)).query(Long.class).single();
    }

    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void onPriceVersionAdded(PriceVersionAdded added) {
        int changed = 0;
        Map<Long, CallPricing.Session> sessions = new HashMap<>();
        for (Candidate candidate : candidates(added)) {
            if (rerate(candidate, sessions.computeIfAbsent(candidate.organizationId(), callPricing::session), reason(added))) {
                changed++;
            }
        }
        // The re-priced figures reach open views the way recorded usage does, on commit.
        sessions.keySet().forEach(ledger::notifyRecorded);
        if (changed > 0) {
            log.info("Re-priced {} uninvoiced usage events of {}/{} from {}", changed, added.providerCode(),
                    added.modelName(), added.effectiveFrom());
        }
    }

    /** The model's events since the price starts, and unpriced events whose name now resolves to it. */
    private List<Candidate> candidates(PriceVersionAdded added) {
        return jdbc.sql("""
                        select e.id, e.organization_id, e.provider, e.model, e.raw_cost_usd, e.billed_cost, e.occurred_at
                        from usage_event_current e
                        where e.occurred_at >= ? and (e.model_id = ? or (e.model_id is null and e.provider = ?))"""
                        + " and " + UNINVOICED)
                .params(Timestamp.from(added.effectiveFrom()), added.modelId(), added.providerCode())
                .query((rs, row) -> new Candidate(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3),
                        rs.getString(4), rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getTimestamp(7).toInstant()))
                .list();
    }

    private static String reason(PriceVersionAdded added) {
        return "Price of " + added.providerCode() + "/" + added.modelName() + " from " + added.effectiveFrom();
    }

    private boolean rerate(Candidate candidate, CallPricing.Session session, String reason) {
        UsageEvent event = ledger.byId(candidate.id()).orElseThrow();
        CallPricing.Priced priced = session.reprice(candidate.provider(), candidate.model(), event.tokens(),
                candidate.occurredAt());
        if (priced.rawUsd() == null || Objects.equals(strip(priced.rawUsd()), strip(candidate.raw()))
                && Objects.equals(strip(priced.billed()), strip(candidate.billed()))) {
            return false;
        }
        // The row lock waits for an issuing that is claiming the event (its claim's foreign key shares the row),
        // so the claim is seen below and an issued invoice never misses a correction of what it billed.
        jdbc.sql("select 1 from usage_event where id = ? for update").param(candidate.id()).query(Integer.class).list();
        int corrected = jdbc.sql("""
                        insert into usage_correction (event_id, raw_cost_usd, billed_cost, price_version_id, model_id, reason)
                        select e.id, ?, ?, ?, ?, ? from usage_event e where e.id = ?""" + " and " + UNINVOICED)
                .params(priced.rawUsd(), priced.billed(), priced.priceVersionId(), priced.modelId(), reason, candidate.id())
                .update();
        if (corrected == 0) {
            return false;
        }
        ledger.adjustRollup(candidate.id(), priced.rawUsd().subtract(orZero(candidate.raw())),
                orZero(priced.billed()).subtract(orZero(candidate.billed())),
                (candidate.billed() == null ? 1 : 0) - (priced.billed() == null ? 1 : 0));
        return true;
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    private static BigDecimal strip(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros();
    }
}
