package dev.tokentally.usage;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import dev.tokentally.pricing.TokenUsage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The ledger by UTC day and model, as providers report their own usage: for reconciling the two. */
@Service
@Transactional(readOnly = true)
public class LedgerDays {

    /** One UTC day of one model: token counts in the provider's own semantics, and the provider cost we computed. */
    public record Total(LocalDate day, String model, TokenUsage tokens, BigDecimal rawCostUsd, long events) {
    }

    /** A chat answer recorded under the provider's own id for it. */
    public record ChatCall(UUID eventId, String providerId) {
    }

    private final JdbcClient jdbc;

    LedgerDays(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Per UTC day and model (the catalog's name when it knows the model) of the provider, days first..last. */
    public List<Total> byDayAndModel(long organizationId, String provider, LocalDate first, LocalDate last) {
        return jdbc.sql("""
                        select (e.occurred_at at time zone 'UTC')::date as day, coalesce(m.name, e.model) as model,
                               sum(e.input_tokens), sum(e.cached_input_tokens), sum(e.cache_write_5m_tokens),
                               sum(e.cache_write_1h_tokens), sum(e.output_tokens), sum(e.reasoning_tokens), sum(e.request_count),
                               coalesce(sum(e.raw_cost_usd), 0), count(*)
                        from usage_event_current e left join model m on m.id = e.model_id
                        where e.organization_id = ? and e.provider = ? and e.occurred_at >= ? and e.occurred_at < ?
                        group by 1, 2 order by 1, 2""")
                .params(organizationId, provider, Timestamp.from(first.atStartOfDay(ZoneOffset.UTC).toInstant()),
                        Timestamp.from(last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()))
                .query((rs, row) -> new Total(rs.getObject(1, Date.class).toLocalDate(), rs.getString(2),
                        new TokenUsage(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                                rs.getLong(9)), rs.getBigDecimal(10), rs.getLong(11)))
                .list();
    }

    /** Chat answers of the provider since the instant, oldest first, whose key is the provider's id (OpenRouter's gen-…). */
    public List<ChatCall> chatCalls(long organizationId, String provider, String idPrefix, Instant since, int limit) {
        return jdbc.sql("""
                        select id, idempotency_key from usage_event
                        where organization_id = ? and provider = ? and source = 'CHAT' and idempotency_key like ? and occurred_at >= ?
                        order by occurred_at limit ?""")
                .params(organizationId, provider, idPrefix.replace("%", "\\%") + "%", Timestamp.from(since), limit)
                .query((rs, row) -> new ChatCall(rs.getObject(1, UUID.class), rs.getString(2))).list();
    }
}
