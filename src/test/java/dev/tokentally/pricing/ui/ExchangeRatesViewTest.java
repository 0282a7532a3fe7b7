package dev.tokentally.pricing.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;

import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

@WithUserDetails("root@tokentally.test")
class ExchangeRatesViewTest extends ViewTest {

    @Autowired
    JdbcClient jdbc;

    private int rates() {
        return jdbc.sql("select count(*) from exchange_rate").query(Integer.class).single();
    }

    @Test
    void a_rate_is_added_and_listed() {
        ExchangeRatesView view = navigate(ExchangeRatesView.class);
        int before = test(view.grid).size();

        view.currency.setValue("CHF");
        test(view.unitsPerUsd).setValue(new BigDecimal("0.88"));
        view.effectiveDate.setValue(LocalDate.of(2026, 11, 1));
        test(view.add).click();

        assertThat(test(view.grid).size()).isEqualTo(before + 1);
        assertThat(jdbc.sql("select units_per_usd from exchange_rate where currency = 'CHF'").query(BigDecimal.class).single())
                .isEqualByComparingTo("0.88");
    }

    @Test
    void a_zero_rate_an_unknown_currency_and_a_second_rate_on_one_day_are_marked() {
        ExchangeRatesView view = navigate(ExchangeRatesView.class);
        int before = rates();

        view.currency.setValue("XYZ");
        test(view.unitsPerUsd).setValue(BigDecimal.ZERO);
        test(view.add).click();
        assertThat(view.currency.getErrorMessage()).contains("ISO 4217");
        assertThat(view.unitsPerUsd.getErrorMessage()).isEqualTo("Rate must be above zero");

        view.currency.setValue("EUR");
        test(view.unitsPerUsd).setValue(new BigDecimal("0.95"));
        view.effectiveDate.setValue(LocalDate.of(2026, 1, 1));
        test(view.add).click();
        assertThat(view.effectiveDate.getErrorMessage()).isEqualTo("EUR has a rate for 2026-01-01 already");

        assertThat(rates()).isEqualTo(before);
    }
}
