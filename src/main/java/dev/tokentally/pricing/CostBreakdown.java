package dev.tokentally.pricing;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a usage cost in USD, part by part, at full precision. An unpriced breakdown (no price was in
 * effect) has no lines and no total: its cost is unknown, never zero.
 */
public record CostBreakdown(List<Line> lines, BigDecimal total, PriceVersion price, boolean longContext) {

    /** One part: {@code quantity} tokens (or requests) × {@code unitPrice} (per 1M tokens, or per request). */
    public record Line(CostPart part, long quantity, BigDecimal unitPrice, BigDecimal amount) {
    }

    public static CostBreakdown unpriced() {
        return new CostBreakdown(List.of(), null, null, false);
    }

    public boolean priced() {
        return total != null;
    }
}
