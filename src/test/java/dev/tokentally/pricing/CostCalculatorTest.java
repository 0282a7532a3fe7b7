package dev.tokentally.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Figures worked out by hand; prices are USD per 1M tokens. */
class CostCalculatorTest {

    static final PriceVersion GPT_4O_MINI = version(sheet("0.15", "0.075", null, null, "0.6", null), "0", null, null);
    static final PriceSheet SONNET_BASE = sheet("3", "0.3", "3.75", "6", "15", null);
    static final PriceSheet SONNET_LONG = sheet("6", "0.6", "7.5", "12", "22.5", null);
    static final PriceVersion CLAUDE_SONNET_4_5 = version(SONNET_BASE, "0", 200_000L, SONNET_LONG);

    static PriceSheet sheet(String input, String cached, String write5m, String write1h, String output, String reasoning) {
        return new PriceSheet(dec(input), dec(cached), dec(write5m), dec(write1h), dec(output), dec(reasoning));
    }

    static PriceVersion version(PriceSheet base, String perRequest, Long threshold, PriceSheet longContext) {
        return new PriceVersion(1L, Instant.parse("2026-01-01T00:00:00Z"), base, dec(perRequest), threshold, longContext);
    }

    static BigDecimal dec(String value) {
        return value == null ? null : new BigDecimal(value);
    }

    @Test
    void openai_cached_tokens_inside_the_prompt_and_reasoning_inside_the_completion() {
        // prompt 1200 of which 1024 cached; completion 350 of which 128 reasoning (billed as output)
        var usage = new TokenCounts(1200, 1024, 0, 0, 350, 128, 1);

        var cost = CostCalculator.price(usage, TokenSemantics.OPENAI, GPT_4O_MINI);

        // 176 × 0.15 + 1024 × 0.075 + 222 × 0.6 + 128 × 0.6 = 26.4 + 76.8 + 133.2 + 76.8 = 313.2 µ$
        assertThat(cost.lines()).extracting(CostBreakdown.Line::part, CostBreakdown.Line::quantity, line -> line.amount().stripTrailingZeros())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(CostPart.INPUT, 176L, new BigDecimal("0.0000264")),
                        org.assertj.core.groups.Tuple.tuple(CostPart.CACHED_INPUT, 1024L, new BigDecimal("0.0000768")),
                        org.assertj.core.groups.Tuple.tuple(CostPart.OUTPUT, 222L, new BigDecimal("0.0001332")),
                        org.assertj.core.groups.Tuple.tuple(CostPart.REASONING, 128L, new BigDecimal("0.0000768")));
        assertThat(cost.total()).isEqualByComparingTo("0.0003132");
        assertThat(cost.longContext()).isFalse();
    }

    @Test
    void anthropic_cache_reads_and_writes_outside_the_input() {
        // input 100 + cache read 2000 + 5-minute write 1000 + 1-hour write 500, output 200
        var usage = new TokenCounts(100, 2000, 1000, 500, 200, 0, 1);

        var cost = CostCalculator.price(usage, TokenSemantics.ANTHROPIC, CLAUDE_SONNET_4_5);

        // 100 × 3 + 2000 × 0.3 + 1000 × 3.75 + 500 × 6 + 200 × 15 = 300 + 600 + 3750 + 3000 + 3000 = 10650 µ$
        assertThat(cost.lines()).extracting(line -> line.amount().stripTrailingZeros()).containsExactly(
                new BigDecimal("0.0003"), new BigDecimal("0.0006"), new BigDecimal("0.00375"),
                new BigDecimal("0.003"), new BigDecimal("0.003"));
        assertThat(cost.total()).isEqualByComparingTo("0.01065");
    }

    @Test
    void anthropic_first_call_that_writes_the_cache() {
        // The shape of PROVIDER_APIS.md: input_tokens 3, ephemeral_5m_input_tokens 12304, output 550
        var cost = CostCalculator.price(new TokenCounts(3, 0, 12304, 0, 550, 0, 1), TokenSemantics.ANTHROPIC,
                CLAUDE_SONNET_4_5);

        // 3 × 3 + 12304 × 3.75 + 550 × 15 = 9 + 46140 + 8250 = 54399 µ$
        assertThat(cost.total()).isEqualByComparingTo("0.054399");
    }

    @Test
    void above_200k_input_tokens_including_cache_reads_the_long_context_prices_apply_to_the_whole_request() {
        // 150000 input + 60000 cache read = 210000 > 200000
        var above = CostCalculator.price(new TokenCounts(150_000, 60_000, 0, 0, 1000, 0, 1), TokenSemantics.ANTHROPIC,
                CLAUDE_SONNET_4_5);
        // exactly 200000: still the base prices
        var at = CostCalculator.price(new TokenCounts(140_000, 60_000, 0, 0, 1000, 0, 1), TokenSemantics.ANTHROPIC,
                CLAUDE_SONNET_4_5);

        // 150000 × 6 + 60000 × 0.6 + 1000 × 22.5 = 0.9 + 0.036 + 0.0225
        assertThat(above.total()).isEqualByComparingTo("0.9585");
        assertThat(above.longContext()).isTrue();
        // 140000 × 3 + 60000 × 0.3 + 1000 × 15 = 0.42 + 0.018 + 0.015
        assertThat(at.total()).isEqualByComparingTo("0.453");
        assertThat(at.longContext()).isFalse();
    }

    @Test
    void google_reasoning_is_beside_the_output_and_has_its_own_price() {
        var version = version(sheet("1.25", "0.125", null, null, "10", "3.5"), "0", null, null);
        // prompt 1000 of which 400 cached; 200 visible output tokens and 300 thought tokens beside them
        var cost = CostCalculator.price(new TokenCounts(1000, 400, 0, 0, 200, 300, 1), TokenSemantics.GOOGLE, version);

        // 600 × 1.25 + 400 × 0.125 + 200 × 10 + 300 × 3.5 = 750 + 50 + 2000 + 1050 = 3850 µ$
        assertThat(cost.total()).isEqualByComparingTo("0.00385");
    }

    @Test
    void a_per_request_fee_is_added_per_request() {
        var version = version(sheet("1", null, null, null, "2", null), "0.005", null, null);

        var cost = CostCalculator.price(new TokenCounts(1000, 0, 0, 0, 0, 0, 2), TokenSemantics.OPENAI, version);

        // 1000 × 1 / 10^6 + 2 × 0.005 = 0.001 + 0.01
        assertThat(cost.total()).isEqualByComparingTo("0.011");
        assertThat(cost.lines()).last().extracting(CostBreakdown.Line::part).isEqualTo(CostPart.REQUESTS);
    }

    @Test
    void without_a_price_in_effect_the_cost_is_unknown_not_zero() {
        var cost = CostCalculator.price(TokenCounts.of(1000, 1000), TokenSemantics.OPENAI, null);

        assertThat(cost.priced()).isFalse();
        assertThat(cost.total()).isNull();
    }

    @Test
    void markup_multiplies_the_provider_cost() {
        var terms = new BillingTerms(new BigDecimal("20"), List.of(), "USD", BigDecimal.ONE);

        // 0.0003132 × 1.2
        assertThat(terms.bill(new BigDecimal("0.0003132"), 0, 1550).amount()).isEqualByComparingTo("0.00037584");
    }

    @Test
    void graduated_tiers_discount_only_the_tokens_beyond_each_threshold() {
        var terms = new BillingTerms(BigDecimal.ZERO,
                List.of(new VolumeTier(5_000_000, new BigDecimal("20")), new VolumeTier(1_000_000, new BigDecimal("10"))),
                "USD", BigDecimal.ONE);

        // 900k used before; of 200k: 100k undiscounted, 100k at 10 % → pays 95 %
        assertThat(terms.bill(new BigDecimal("1.00"), 900_000, 200_000).amount()).isEqualByComparingTo("0.95");
        // 4.9M before; of 200k: 100k at 10 %, 100k at 20 % → pays 85 %
        assertThat(terms.bill(new BigDecimal("1.00"), 4_900_000, 200_000).amount()).isEqualByComparingTo("0.85");
        // below every threshold: full price
        assertThat(terms.bill(new BigDecimal("1.00"), 0, 200_000).amount()).isEqualByComparingTo("1.00");
    }

    @Test
    void billing_currency_uses_the_rate_and_markup_applies_before_it() {
        var terms = new BillingTerms(new BigDecimal("20"), List.of(), "EUR", new BigDecimal("0.92"));

        var billed = terms.bill(new BigDecimal("0.0003132"), 0, 1550);

        // 0.0003132 × 1.2 × 0.92 = 0.0003457728
        assertThat(billed.amount()).isEqualByComparingTo("0.0003457728");
        assertThat(billed.currency()).isEqualTo("EUR");
        assertThat(billed.rounded().amount()).isEqualByComparingTo("0.00");
    }

    @Test
    void the_worst_case_prices_every_answer_token_at_the_dearer_of_output_and_reasoning_and_switches_to_long_context() {
        var reasoningDearer = version(sheet("1", null, null, null, "4", "10"), "0.01", null, null);

        // 1,000 × 1 + 500 × 10 = 6,000 µ$, plus the request fee
        assertThat(CostCalculator.worstCase(reasoningDearer, 1_000, 500)).isEqualByComparingTo("0.016");
        // 250,000 input tokens pass Sonnet's threshold: 250,000 × 6 + 1,000 × 22.5 = 1,522,500 µ$
        assertThat(CostCalculator.worstCase(CLAUDE_SONNET_4_5, 250_000, 1_000)).isEqualByComparingTo("1.5225");
    }
}
