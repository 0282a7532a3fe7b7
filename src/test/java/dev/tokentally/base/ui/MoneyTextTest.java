package dev.tokentally.base.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import dev.tokentally.base.Money;
import org.junit.jupiter.api.Test;

class MoneyTextTest {

    @Test
    void a_unit_price_or_a_single_call_shows_up_to_six_significant_digits_without_trailing_zeros() {
        assertThat(MoneyText.precise(eur("3.312000"))).isEqualTo("EUR 3.312");
        assertThat(MoneyText.precise(eur("0.002024"))).isEqualTo("EUR 0.002024");
        assertThat(MoneyText.precise(eur("0.0100"))).isEqualTo("EUR 0.01");
        assertThat(MoneyText.precise(eur("0.00000012345678"))).isEqualTo("EUR 0.000000123457");
        assertThat(MoneyText.precise(eur("12345.678"))).isEqualTo("EUR 12,345.70");
        assertThat(MoneyText.precise(eur("0"))).isEqualTo("EUR 0.00");
    }

    @Test
    void totals_keep_two_decimals_with_thousands_grouped() {
        assertThat(MoneyText.format(eur("2382214.5"))).isEqualTo("EUR 2,382,214.50");
    }

    private static Money eur(String amount) {
        return new Money(new BigDecimal(amount), "EUR");
    }
}
