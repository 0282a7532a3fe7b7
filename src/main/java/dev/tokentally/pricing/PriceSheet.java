package dev.tokentally.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * USD per 1M tokens for each part of a usage. An empty cached-input or cache-write price means the
 * input price applies (a 1-hour write falls back to the 5-minute one first); an empty reasoning price
 * means reasoning is billed as output.
 */
public record PriceSheet(BigDecimal input, BigDecimal cachedInput, BigDecimal cacheWrite5m, BigDecimal cacheWrite1h,
                         BigDecimal output, BigDecimal reasoning) {

    public PriceSheet {
        Objects.requireNonNull(input, "input price");
        Objects.requireNonNull(output, "output price");
    }

    public BigDecimal cachedInputOrFallback() {
        return cachedInput != null ? cachedInput : input;
    }

    public BigDecimal cacheWrite5mOrFallback() {
        return cacheWrite5m != null ? cacheWrite5m : input;
    }

    public BigDecimal cacheWrite1hOrFallback() {
        return cacheWrite1h != null ? cacheWrite1h : cacheWrite5mOrFallback();
    }

    public BigDecimal reasoningOrFallback() {
        return reasoning != null ? reasoning : output;
    }

    /** This sheet with the other's prices wherever this one has none (a long-context tier over its base). */
    PriceSheet over(PriceSheet base) {
        return new PriceSheet(input, orElse(cachedInput, base.cachedInput), orElse(cacheWrite5m, base.cacheWrite5m),
                orElse(cacheWrite1h, base.cacheWrite1h), output, orElse(reasoning, base.reasoning));
    }

    private static BigDecimal orElse(BigDecimal value, BigDecimal fallback) {
        return value != null ? value : fallback;
    }

    boolean samePricesAs(PriceSheet other) {
        return PriceVersion.same(input, other.input) && PriceVersion.same(cachedInput, other.cachedInput)
                && PriceVersion.same(cacheWrite5m, other.cacheWrite5m) && PriceVersion.same(cacheWrite1h, other.cacheWrite1h)
                && PriceVersion.same(output, other.output) && PriceVersion.same(reasoning, other.reasoning);
    }

    /** The prices in one line, per 1M tokens, for the audit log and the import preview. */
    public String describe() {
        StringBuilder text = new StringBuilder("in ").append(input.toPlainString());
        append(text, "cached", cachedInput);
        append(text, "write5m", cacheWrite5m);
        append(text, "write1h", cacheWrite1h);
        text.append(" / out ").append(output.toPlainString());
        append(text, "reasoning", reasoning);
        return text.toString();
    }

    private static void append(StringBuilder text, String label, BigDecimal price) {
        if (price != null) {
            text.append(", ").append(label).append(' ').append(price.toPlainString());
        }
    }
}
