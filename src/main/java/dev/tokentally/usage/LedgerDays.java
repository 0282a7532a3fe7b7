package dev.tokentally.usage;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.TokenCounts;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The ledger by UTC day and model, as providers report their own usage: for reconciling the two. */
@Service
@Transactional(readOnly = true)
public class LedgerDays {

    /** One UTC day of one model: token counts in the provider's own semantics, and the provider cost we computed. */
    public record Total(LocalDate day, String model, TokenCounts tokens, BigDecimal rawCostUsd, long events) {

        Total plus(Total other) {
            TokenCounts a = tokens;
            TokenCounts b = other.tokens;
            return new Total(day, model, new TokenCounts(a.input() + b.input(), a.cachedInput() + b.cachedInput(),
                    a.cacheWrite5m() + b.cacheWrite5m(), a.cacheWrite1h() + b.cacheWrite1h(), a.output() + b.output(),
                    a.reasoning() + b.reasoning(), a.requests() + b.requests()),
                    rawCostUsd.add(other.rawCostUsd), events + other.events);
        }
    }

    /** A chat answer recorded under the provider's own id for it, with the tokens we counted. */
    public record ChatCall(UUID eventId, String providerId, long inputTokens, long outputTokens) {
    }

    private final JdbcClient jdbc;
    private final PriceLookup prices;

    LedgerDays(JdbcClient jdbc, PriceLookup prices) {
        this.jdbc = jdbc;
        this.prices = prices;
    }

    /** Per UTC day and model (the catalog's name when it knows the model) of the provider, days first..last. */
    public List<Total> byDayAndModel(long organizationId, String provider, LocalDate first, LocalDate last) {
        record Row(Long modelId, Total total) {
        }
        List<Row> rows = jdbc.sql("""
                        select (e.occurred_at at time zone 'UTC')::date as day, e.model_id, e.model,
                               sum(e.input_tokens), sum(e.cached_input_tokens), sum(e.cache_write_5m_tokens),
                               sum(e.cache_write_1h_tokens), sum(e.output_tokens), sum(e.reasoning_tokens), sum(e.request_count),
                               coalesce(sum(e.raw_cost_usd), 0), count(*)
                        from usage_event_current e
                        where e.organization_id = ? and e.provider = ? and e.occurred_at >= ? and e.occurred_at < ?
                        group by 1, 2, 3""")
                .params(organizationId, provider, Timestamp.from(first.atStartOfDay(ZoneOffset.UTC).toInstant()),
                        Timestamp.from(last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()))
                .query((rs, row) -> new Row((Long) rs.getObject(2), new Total(rs.getObject(1, Date.class).toLocalDate(),
                        rs.getString(3), new TokenCounts(rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7),
                        rs.getLong(8), rs.getLong(9), rs.getLong(10)), rs.getBigDecimal(11), rs.getLong(12))))
                .list();
        // The model's name as the catalog has it (pricing owns the catalog); events of one model under several names merge.
        Map<Long, String> catalogNames = new HashMap<>();
        prices.describe(rows.stream().map(Row::modelId).filter(Objects::nonNull).distinct().toList())
                .forEach(model -> catalogNames.put(model.id(), model.name()));
        Map<List<Object>, Total> byDayAndName = new TreeMap<>(Comparator.comparing((List<Object> key) -> (LocalDate) key.get(0))
                .thenComparing(key -> (String) key.get(1)));
        for (Row row : rows) {
            Total total = row.total();
            String name = row.modelId() == null ? total.model() : catalogNames.getOrDefault(row.modelId(), total.model());
            byDayAndName.merge(List.of(total.day(), name),
                    new Total(total.day(), name, total.tokens(), total.rawCostUsd(), total.events()), Total::plus);
        }
        return List.copyOf(byDayAndName.values());
    }

    /** Chat answers of the provider since the instant, oldest first, whose key is the provider's id (OpenRouter's gen-…). */
    public List<ChatCall> chatCalls(long organizationId, String provider, String idPrefix, Instant since, int limit) {
        return jdbc.sql("""
                        select id, idempotency_key, input_tokens, output_tokens from usage_event
                        where organization_id = ? and provider = ? and source = 'CHAT' and idempotency_key like ? and occurred_at >= ?
                        order by occurred_at limit ?""")
                .params(organizationId, provider, idPrefix.replace("%", "\\%") + "%", Timestamp.from(since), limit)
                .query((rs, row) -> new ChatCall(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3),
                        rs.getLong(4))).list();
    }
}
