package dev.tokentally.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class CostPropertiesTest {

    @Provide
    Arbitrary<TokenUsage> usages() {
        Arbitrary<Long> counts = Arbitraries.longs().between(0, 2_000_000);
        return Combinators.combine(counts, counts, counts, counts, counts, counts, Arbitraries.longs().between(0, 5))
                .as(TokenUsage::new);
    }

    @Provide
    Arbitrary<PriceVersion> prices() {
        Arbitrary<BigDecimal> price = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("100")).ofScale(6);
        Arbitrary<BigDecimal> optional = price.injectNull(0.3);
        Arbitrary<PriceSheet> sheets = Combinators.combine(price, optional, optional, optional, price, optional)
                .as(PriceSheet::new);
        return Combinators.combine(sheets, sheets, price, Arbitraries.of(true, false))
                .as((base, longSheet, fee, tiered) -> new PriceVersion(1L, null, base, fee,
                        tiered ? 200_000L : null, tiered ? longSheet : null));
    }

    @Property
    void the_breakdown_always_sums_to_the_total(@ForAll("usages") TokenUsage usage, @ForAll("prices") PriceVersion price,
                                                @ForAll TokenSemantics semantics) {
        var cost = CostCalculator.price(usage, semantics, price);

        BigDecimal sum = cost.lines().stream().map(CostBreakdown.Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(sum).isEqualByComparingTo(cost.total());
        cost.lines().forEach(line -> assertThat(line.amount())
                .isEqualByComparingTo(line.part() == CostPart.REQUESTS
                        ? line.unitPrice().multiply(BigDecimal.valueOf(line.quantity()))
                        : line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())).movePointLeft(6)));
    }

    @Property
    void normalization_never_produces_negative_counts(@ForAll("usages") TokenUsage usage, @ForAll TokenSemantics semantics) {
        NormalizedUsage parts = semantics.normalize(usage);

        assertThat(java.util.List.of(parts.uncachedInput(), parts.cacheRead(), parts.cacheWrite5m(), parts.cacheWrite1h(),
                parts.textOutput(), parts.reasoning(), parts.requests())).allMatch(count -> count >= 0);
    }

    /**
     * More tokens never cost less. Counts that are totals (input and output for OpenAI semantics, where
     * cached and reasoning tokens are a cheaper share of them) grow; cache counts grow under Anthropic
     * semantics and reasoning under Google's, where each is a part of its own. Growth stays on one side of the long-context threshold, where a request switches
     * to other prices by design.
     */
    @Property
    void cost_never_decreases_when_a_token_count_grows(@ForAll("usages") TokenUsage usage,
                                                        @ForAll("prices") PriceVersion price,
                                                        @ForAll @IntRange(min = 0, max = 6) int field,
                                                        @ForAll @LongRange(min = 1, max = 100_000) long more) {
        TokenSemantics semantics = switch (field) {
            case 2, 3, 4 -> TokenSemantics.ANTHROPIC;
            case 5 -> TokenSemantics.GOOGLE;
            default -> TokenSemantics.OPENAI;
        };
        TokenUsage grown = grow(usage, field, more);
        long before = semantics.normalize(usage).totalInput();
        long after = semantics.normalize(grown).totalInput();
        net.jqwik.api.Assume.that(price.longContextThreshold() == null
                || (before > price.longContextThreshold()) == (after > price.longContextThreshold()));

        BigDecimal less = CostCalculator.price(usage, semantics, price).total();
        BigDecimal moreCost = CostCalculator.price(grown, semantics, price).total();

        assertThat(moreCost).isGreaterThanOrEqualTo(less);
    }

    private static TokenUsage grow(TokenUsage u, int field, long more) {
        return switch (field) {
            case 0 -> new TokenUsage(u.input() + more, u.cachedInput(), u.cacheWrite5m(), u.cacheWrite1h(), u.output(), u.reasoning(), u.requests());
            case 1 -> new TokenUsage(u.input(), u.cachedInput(), u.cacheWrite5m(), u.cacheWrite1h(), u.output() + more, u.reasoning(), u.requests());
            case 2 -> new TokenUsage(u.input(), u.cachedInput() + more, u.cacheWrite5m(), u.cacheWrite1h(), u.output(), u.reasoning(), u.requests());
            case 3 -> new TokenUsage(u.input(), u.cachedInput(), u.cacheWrite5m() + more, u.cacheWrite1h(), u.output(), u.reasoning(), u.requests());
            case 4 -> new TokenUsage(u.input(), u.cachedInput(), u.cacheWrite5m(), u.cacheWrite1h() + more, u.output(), u.reasoning(), u.requests());
            case 5 -> new TokenUsage(u.input(), u.cachedInput(), u.cacheWrite5m(), u.cacheWrite1h(), u.output(), u.reasoning() + more, u.requests());
            default -> new TokenUsage(u.input(), u.cachedInput(), u.cacheWrite5m(), u.cacheWrite1h(), u.output(), u.reasoning(), u.requests() + more);
        };
    }
}
