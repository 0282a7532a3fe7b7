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
import dev.tokentally.pricing.UninvoicedUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Re-prices usage that is not invoiced yet when a model gets a price that covers it: events recorded as
 * unpriced get their cost, events priced with an older version get the new one. Token counts never
 * change; costs of uninvoiced events are corrected in place together with their rollups, in one
 * transaction.
 */
@Service
class Rerating implements UninvoicedUsage {

    private static final Logger log = LoggerFactory.getLogger(Rerating.class);

    private record Candidate(UUID id, long organizationId, String provider, String model, BigDecimal raw, BigDecimal billed,
                             Instant occurredAt) {
    }

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
                        select count(*) from usage_event
                        where model_id = ? and invoice_id is null and occurred_at >= ? and occurred_at <= ?""")
                .params(modelId, Timestamp.from(from), Timestamp.from(to)).query(Long.class).single();
    }

    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void onPriceVersionAdded(PriceVersionAdded added) {
        int changed = 0;
        Map<Long, CallPricing.Session> sessions = new HashMap<>();
        for (Candidate candidate : candidates(added)) {
            if (rerate(candidate, sessions.computeIfAbsent(candidate.organizationId(), callPricing::session))) {
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
                        select id, organization_id, provider, model, raw_cost_usd, billed_cost, occurred_at from usage_event
                        where invoice_id is null and occurred_at >= ?
                          and (model_id = ? or (model_id is null and provider = ?))""")
                .params(Timestamp.from(added.effectiveFrom()), added.modelId(), added.providerCode())
                .query((rs, row) -> new Candidate(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3),
                        rs.getString(4), rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getTimestamp(7).toInstant()))
                .list();
    }

    private boolean rerate(Candidate candidate, CallPricing.Session session) {
        UsageEvent event = ledger.byId(candidate.id()).orElseThrow();
        CallPricing.Priced priced = session.reprice(candidate.provider(), candidate.model(), event.tokens(),
                candidate.occurredAt());
        if (priced.rawUsd() == null || Objects.equals(strip(priced.rawUsd()), strip(candidate.raw()))
                && Objects.equals(strip(priced.billed()), strip(candidate.billed()))) {
            return false;
        }
        jdbc.sql("""
                        update usage_event set raw_cost_usd = ?, billed_cost = ?, price_version_id = ?, model_id = ?
                        where id = ? and invoice_id is null""")
                .params(priced.rawUsd(), priced.billed(), priced.priceVersionId(), priced.modelId(), candidate.id()).update();
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
