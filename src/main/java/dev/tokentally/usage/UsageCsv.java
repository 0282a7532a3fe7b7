package dev.tokentally.usage;

import java.math.BigDecimal;
import java.util.List;

import dev.tokentally.base.CsvTable;

/** Ledger events as CSV, one event a row (team and API key by name, tags as k=v,k=v), money as plain decimals at full precision. */
public final class UsageCsv {

    public static final List<String> HEADER = List.of("id", "occurred_at", "recorded_at", "source", "provider", "model",
            "user", "agent", "team", "api_key", "session", "input_tokens", "cached_input_tokens", "cache_write_5m_tokens",
            "cache_write_1h_tokens", "output_tokens", "reasoning_tokens", "requests", "raw_cost_usd", "billed_cost",
            "currency", "estimated", "idempotency_key", "connection", "wire_format", "cache_hit", "saved", "tags");

    private UsageCsv() {
    }

    public static String write(List<UsageEvents.Listed> events) {
        CsvTable csv = new CsvTable(HEADER);
        for (UsageEvents.Listed listed : events) {
            UsageEvent e = listed.event();
            csv.row(e.id(), e.occurredAt(), e.recordedAt(), e.source(), e.provider(), e.model(), listed.user(),
                    e.attribution().agent(), listed.teamName(), listed.apiKeyName(), e.attribution().session(), e.tokens().input(), e.tokens().cachedInput(), e.tokens().cacheWrite5m(),
                    e.tokens().cacheWrite1h(), e.tokens().output(), e.tokens().reasoning(), e.tokens().requests(),
                    plain(e.cost().rawCostUsd()), plain(e.cost().billedCost()), e.cost().billedCurrency(), e.estimated(), e.idempotencyKey(),
                    listed.channel().connection(), listed.channel().wireFormat(), e.cacheHit(), plain(e.saved()),
                    listed.tags().toString());
        }
        return csv.toString();
    }

    private static BigDecimal plain(BigDecimal amount) {
        return amount == null ? null : amount.stripTrailingZeros();
    }
}
