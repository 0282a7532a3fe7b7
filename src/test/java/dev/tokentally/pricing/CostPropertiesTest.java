package dev.tokentally.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/**
 * Properties of the engine over many generated usages and prices. The generator is seeded, so a
 * failure names a case that can be replayed.
 */
class CostPropertiesTest {

    private static final int CASES = 5_000;
    private static final long SEED = 20261123L;

    private final Random random = new Random(SEED);

    private long count() {
        return random.nextInt(4) == 0 ? 0 : random.nextLong(2_000_000);
    }

    private TokenCounts usage() {
        return new TokenCounts(count(), count(), count(), count(), count(), count(), random.nextLong(6));
    }

    private BigDecimal price() {
        return BigDecimal.valueOf(random.nextLong(100_000_000), 6);
    }

    private BigDecimal optionalPrice() {
        return random.nextInt(3) == 0 ? null : price();
    }

    private PriceSheet sheet() {
        return new PriceSheet(price(), optionalPrice(), optionalPrice(), optionalPrice(), price(), optionalPrice());
    }

    private PriceVersion version() {
        boolean tiered = random.nextBoolean();
        return new PriceVersion(1L, null, sheet(), price(), tiered ? 200_000L : null, tiered ? sheet() : null);
    }

    private TokenSemantics semantics() {
        return TokenSemantics.values()[random.nextInt(TokenSemantics.values().length)];
    }

    private void forAllCases(Consumer<Integer> property) {
        for (int i = 0; i < CASES; i++) {
            property.accept(i);
        }
    }

    @Test
    void the_breakdown_always_sums_to_the_total_and_each_line_is_quantity_times_unit_price() {
        forAllCases(i -> {
            var cost = CostCalculator.price(usage(), semantics(), version());

            BigDecimal sum = cost.lines().stream().map(CostBreakdown.Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(sum).as("case %d", i).isEqualByComparingTo(cost.total());
            cost.lines().forEach(line -> {
                BigDecimal expected = line.unitPrice().multiply(BigDecimal.valueOf(line.quantity()));
                assertThat(line.amount()).as("case %d %s", i, line.part())
                        .isEqualByComparingTo(line.part() == CostPart.REQUESTS ? expected : expected.movePointLeft(6));
            });
        });
    }

    @Test
    void normalization_never_produces_negative_counts() {
        forAllCases(i -> {
            TokenParts parts = semantics().normalize(usage());

            assertThat(List.of(parts.uncachedInput(), parts.cacheRead(), parts.cacheWrite5m(), parts.cacheWrite1h(),
                    parts.textOutput(), parts.reasoning(), parts.requests())).as("case %d", i).allMatch(n -> n >= 0);
        });
    }

    /**
     * More tokens never cost less. Counts that are totals (input and output for OpenAI semantics, where
     * cached and reasoning tokens are a cheaper share of them) grow; cache counts grow under Anthropic
     * semantics and reasoning under Google's, where each is a part of its own. Growth stays on one side
     * of the long-context threshold, where a request switches to other prices by design.
     */
    @Test
    void cost_never_decreases_when_a_token_count_grows() {
        forAllCases(i -> {
            TokenCounts usage = usage();
            PriceVersion price = version();
            int field = random.nextInt(7);
            long more = 1 + random.nextLong(100_000);
            TokenSemantics semantics = switch (field) {
                case 2, 3, 4 -> TokenSemantics.ANTHROPIC;
                case 5 -> TokenSemantics.GOOGLE;
                default -> TokenSemantics.OPENAI;
            };
            TokenCounts grown = grow(usage, field, more);
            Long threshold = price.longContextThreshold();
            if (threshold != null && (semantics.normalize(usage).totalInput() > threshold)
                    != (semantics.normalize(grown).totalInput() > threshold)) {
                return;
            }

            assertThat(CostCalculator.price(grown, semantics, price).total()).as("case %d", i)
                    .isGreaterThanOrEqualTo(CostCalculator.price(usage, semantics, price).total());
        });
    }

    private static TokenCounts grow(TokenCounts u, int field, long more) {
        return new TokenCounts(
                u.input() + (field == 0 ? more : 0),
                u.cachedInput() + (field == 2 ? more : 0),
                u.cacheWrite5m() + (field == 3 ? more : 0),
                u.cacheWrite1h() + (field == 4 ? more : 0),
                u.output() + (field == 1 ? more : 0),
                u.reasoning() + (field == 5 ? more : 0),
                u.requests() + (field == 6 ? more : 0));
    }
}
