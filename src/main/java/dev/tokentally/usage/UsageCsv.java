package dev.tokentally.usage;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Ledger events as CSV, one event a line, money as plain decimals at full precision. */
public final class UsageCsv {

    public static final String HEADER = "id,occurred_at,recorded_at,source,provider,model,user,agent,session,input_tokens,"
            + "cached_input_tokens,cache_write_5m_tokens,cache_write_1h_tokens,output_tokens,reasoning_tokens,requests,"
            + "raw_cost_usd,billed_cost,currency,estimated,idempotency_key";

    private UsageCsv() {
    }

    public static String write(List<UsageEvents.Listed> events) {
        return events.stream().map(UsageCsv::line).collect(Collectors.joining("\n", HEADER + "\n", events.isEmpty() ? "" : "\n"));
    }

    private static String line(UsageEvents.Listed listed) {
        UsageEvent e = listed.event();
        return Stream.of(e.id(), e.occurredAt(), e.recordedAt(), e.source(), e.provider(), e.model(), listed.user(),
                        e.agent(), e.session(), e.tokens().input(), e.tokens().cachedInput(), e.tokens().cacheWrite5m(),
                        e.tokens().cacheWrite1h(), e.tokens().output(), e.tokens().reasoning(), e.tokens().requests(),
                        e.rawCostUsd(), e.billedCost(), e.billedCurrency(), e.estimated(), e.idempotencyKey())
                .map(UsageCsv::cell).collect(Collectors.joining(","));
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof BigDecimal decimal ? decimal.stripTrailingZeros().toPlainString() : value.toString();
        // Text reported by callers (agent, session, user) must not start a spreadsheet formula.
        if (value instanceof String && !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n");
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
