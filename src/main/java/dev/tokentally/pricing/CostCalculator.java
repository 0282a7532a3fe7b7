package dev.tokentally.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Prices a usage with the price version that was in effect when the call happened. Pure and exact:
 * amounts are token count × price per 1M ÷ 10^6 as {@link BigDecimal}, never rounded here.
 */
public final class CostCalculator {

    private CostCalculator() {
    }

    public static CostBreakdown price(TokenCounts usage, TokenSemantics semantics, PriceVersion price) {
        if (price == null) {
            return CostBreakdown.unpriced();
        }
        TokenParts parts = semantics.normalize(usage);
        PriceSheet sheet = price.sheetFor(parts.totalInput());
        List<CostBreakdown.Line> lines = new ArrayList<>(7);
        addTokens(lines, CostPart.INPUT, parts.uncachedInput(), sheet.input());
        addTokens(lines, CostPart.CACHED_INPUT, parts.cacheRead(), sheet.cachedInputOrFallback());
        addTokens(lines, CostPart.CACHE_WRITE_5M, parts.cacheWrite5m(), sheet.cacheWrite5mOrFallback());
        addTokens(lines, CostPart.CACHE_WRITE_1H, parts.cacheWrite1h(), sheet.cacheWrite1hOrFallback());
        addTokens(lines, CostPart.OUTPUT, parts.textOutput(), sheet.output());
        addTokens(lines, CostPart.REASONING, parts.reasoning(), sheet.reasoningOrFallback());
        if (parts.requests() > 0 && price.perRequest().signum() > 0) {
            lines.add(new CostBreakdown.Line(CostPart.REQUESTS, parts.requests(), price.perRequest(),
                    price.perRequest().multiply(BigDecimal.valueOf(parts.requests()))));
        }
        BigDecimal total = lines.stream().map(CostBreakdown.Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new CostBreakdown(List.copyOf(lines), total, price, sheet != price.base());
    }

    /**
     * The most a call can cost before it is made: its input and the longest answer it may give, every
     * answer token at the dearer of the output and reasoning prices, plus the per-request fee.
     */
    public static BigDecimal worstCase(PriceVersion price, long inputTokens, long maxOutputTokens) {
        PriceSheet sheet = price.sheetFor(inputTokens);
        return tokens(inputTokens, sheet.input())
                .add(tokens(maxOutputTokens, sheet.output().max(sheet.reasoningOrFallback())))
                .add(price.perRequest());
    }

    private static void addTokens(List<CostBreakdown.Line> lines, CostPart part, long tokens, BigDecimal perMillion) {
        if (tokens > 0) {
            lines.add(new CostBreakdown.Line(part, tokens, perMillion, tokens(tokens, perMillion)));
        }
    }

    /** Prices are per million tokens. */
    private static BigDecimal tokens(long tokens, BigDecimal perMillion) {
        return perMillion.multiply(BigDecimal.valueOf(tokens)).movePointLeft(6);
    }
}
