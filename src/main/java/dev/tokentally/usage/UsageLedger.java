package dev.tokentally.usage;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

import dev.tokentally.pricing.TokenUsage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The ledger and rollup tables, in plain SQL. */
@Repository
class UsageLedger {

    /** An event ready to insert, its costs worked out. */
    record NewEvent(long organizationId, UsageReport report, CallPricing.Priced priced) {
    }

    /** The columns {@link #event} reads, from {@code usage_event e}. */
    static final String SELECT_ALIASED = """
            select e.id, e.organization_id, e.provider, e.model, e.input_tokens, e.cached_input_tokens,
                   e.cache_write_5m_tokens, e.cache_write_1h_tokens, e.output_tokens, e.reasoning_tokens, e.request_count,
                   e.raw_cost_usd, e.billed_cost, e.billed_currency, e.price_version_id, e.source, e.idempotency_key,
                   e.occurred_at, e.recorded_at, e.user_id, e.external_user, e.agent, e.session_ref, e.estimated""";
    private static final String SELECT = SELECT_ALIASED + " from usage_event e";

    private final JdbcClient jdbc;

    UsageLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts unless the organization has an event with this key; empty when it had one already. */
    Optional<UUID> insert(NewEvent event) {
        UsageReport report = event.report();
        TokenUsage tokens = report.tokens();
        CallPricing.Priced priced = event.priced();
        return jdbc.sql("""
                        insert into usage_event (organization_id, user_id, external_user, agent, session_ref, message_ref,
                            provider, model, model_id, input_tokens, cached_input_tokens, cache_write_5m_tokens,
                            cache_write_1h_tokens, output_tokens, reasoning_tokens, request_count, estimated,
                            provider_cost_usd, raw_cost_usd, billed_cost, billed_currency, price_version_id, source,
                            idempotency_key, occurred_at, metadata)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb))
                        on conflict (organization_id, idempotency_key) do nothing
                        returning id""")
                .params(event.organizationId(), report.userId(), report.externalUser(), report.agent(), report.session(),
                        report.message(), report.provider(), report.model(), priced.modelId(), tokens.input(),
                        tokens.cachedInput(), tokens.cacheWrite5m(), tokens.cacheWrite1h(), tokens.output(),
                        tokens.reasoning(), tokens.requests(), report.estimated(), report.providerCostUsd(),
                        priced.rawUsd(), priced.billed(), priced.currency(), priced.priceVersionId(),
                        report.source().name(), report.idempotencyKey(), Timestamp.from(report.occurredAt()),
                        report.metadataJson())
                .query(UUID.class).optional();
    }

    Optional<UsageEvent> byKey(long organizationId, String idempotencyKey) {
        return jdbc.sql(SELECT + " where e.organization_id = ? and e.idempotency_key = ?")
                .params(organizationId, idempotencyKey).query((rs, row) -> event(rs)).optional();
    }

    Optional<UsageEvent> byId(UUID id) {
        return jdbc.sql(SELECT + " where e.id = ?").param(id).query((rs, row) -> event(rs)).optional();
    }

    /** Adds the event to its day's rollup row, creating the row on the first event. */
    void addToRollup(long organizationId, UsageReport report, CallPricing.Priced priced) {
        TokenUsage tokens = report.tokens();
        BigDecimal rawCostUsd = priced.rawUsd();
        BigDecimal billedCost = priced.billed();
        String user = report.userId() != null ? UsageTotals.userKey(report.userId())
                : report.externalUser() != null ? "external:" + report.externalUser() : "";
        jdbc.sql("""
                        insert into usage_daily as d (organization_id, day, user_key, provider, model, agent, source, requests,
                            input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens,
                            total_tokens, events, unpriced_events, raw_cost_usd, billed_cost)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)
                        on conflict (organization_id, day, user_key, provider, model, agent, source) do update set
                            requests = d.requests + excluded.requests,
                            input_tokens = d.input_tokens + excluded.input_tokens,
                            cached_input_tokens = d.cached_input_tokens + excluded.cached_input_tokens,
                            cache_write_tokens = d.cache_write_tokens + excluded.cache_write_tokens,
                            output_tokens = d.output_tokens + excluded.output_tokens,
                            reasoning_tokens = d.reasoning_tokens + excluded.reasoning_tokens,
                            total_tokens = d.total_tokens + excluded.total_tokens,
                            events = d.events + 1,
                            unpriced_events = d.unpriced_events + excluded.unpriced_events,
                            raw_cost_usd = d.raw_cost_usd + excluded.raw_cost_usd,
                            billed_cost = d.billed_cost + excluded.billed_cost""")
                .params(organizationId, Date.valueOf(priced.day()), user, report.provider(), report.model(),
                        report.agent() == null ? "" : report.agent(), report.source().name(), tokens.requests(),
                        tokens.input(), tokens.cachedInput(), tokens.cacheWrite5m() + tokens.cacheWrite1h(),
                        tokens.output(), tokens.reasoning(), priced.totalTokens(), billedCost == null ? 1 : 0,
                        rawCostUsd == null ? BigDecimal.ZERO : rawCostUsd, billedCost == null ? BigDecimal.ZERO : billedCost)
                .update();
    }

    /** Moves an event's rollup row by a re-pricing's differences; {@code pricedNow} is 1 when it left "unpriced". */
    void adjustRollup(UUID eventId, BigDecimal rawDelta, BigDecimal billedDelta, int pricedNow) {
        jdbc.sql("""
                        update usage_daily d set raw_cost_usd = d.raw_cost_usd + :raw, billed_cost = d.billed_cost + :billed,
                               unpriced_events = d.unpriced_events - :priced
                        from usage_event e join organization o on o.id = e.organization_id
                        where e.id = :event and d.organization_id = e.organization_id
                          and d.day = (e.occurred_at at time zone o.time_zone)::date
                          and d.user_key = coalesce('user:' || e.user_id, 'external:' || e.external_user, '')
                          and d.provider = e.provider and d.model = e.model and d.agent = coalesce(e.agent, '')
                          and d.source = e.source""")
                .param("raw", rawDelta).param("billed", billedDelta).param("priced", pricedNow).param("event", eventId)
                .update();
    }

    /** Tokens an organization used from the first of the month up to and including a day. */
    long tokensOfMonthUpTo(long organizationId, LocalDate day) {
        return jdbc.sql("""
                        select coalesce(sum(total_tokens), 0) from usage_daily
                        where organization_id = ? and day between ? and ?""")
                .params(organizationId, Date.valueOf(day.withDayOfMonth(1)), Date.valueOf(day))
                .query(Long.class).single();
    }

    void notifyRecorded(long organizationId) {
        jdbc.sql("select pg_notify('usage_recorded', ?)").param(String.valueOf(organizationId)).query(String.class).list();
    }


    static UsageEvent event(ResultSet rs) throws SQLException {
        return new UsageEvent(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3), rs.getString(4),
                new TokenUsage(rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                        rs.getLong(11)),
                rs.getBigDecimal(12), rs.getBigDecimal(13), rs.getString(14), (Long) rs.getObject(15),
                UsageSource.valueOf(rs.getString(16)), rs.getString(17), rs.getTimestamp(18).toInstant(),
                rs.getTimestamp(19).toInstant(), (Long) rs.getObject(20), rs.getString(21), rs.getString(22),
                rs.getString(23), rs.getBoolean(24));
    }
}
