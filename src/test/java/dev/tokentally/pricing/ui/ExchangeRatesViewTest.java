package dev.tokentally.pricing.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.vaadin.flow.data.provider.DataProvider;
import com.vaadin.flow.data.provider.Query;
import dev.tokentally.pricing.ExchangeRate;
import dev.tokentally.pricing.ExchangeRates;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

@WithUserDetails("root@tokentally.test")
class ExchangeRatesViewTest extends ViewTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ExchangeRates exchangeRates;
    @Autowired
    TestClock clock;

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

    @Test
    void the_effective_date_starts_at_today_by_the_application_clock() {
        clock.set(Instant.parse("2031-05-06T10:00:00Z"));

        ExchangeRatesView view = navigate(ExchangeRatesView.class);

        assertThat(view.effectiveDate.getValue()).isEqualTo(LocalDate.of(2031, 5, 6));
    }

    @Test
    @SuppressWarnings("unchecked")
    void more_rates_than_a_page_are_read_from_the_database_page_by_page() {
        int before = rates();
        LocalDate first = LocalDate.of(2030, 1, 1);
        for (int day = 0; day < 60; day++) {
            exchangeRates.add("CHF", new BigDecimal("0.88"), first.plusDays(day));
        }

        ExchangeRatesView view = navigate(ExchangeRatesView.class);

        DataProvider<ExchangeRate, Void> rows = (DataProvider<ExchangeRate, Void>) view.grid.getDataProvider();
        assertThat(rows.isInMemory()).as("the grid holds no list of every rate").isFalse();
        List<ExchangeRate> firstPage = rows.fetch(new Query<>(0, 50, null, null, null)).toList();
        assertThat(firstPage).hasSize(50);
        assertThat(firstPage.getFirst().effectiveDate()).isEqualTo(first.plusDays(59));
        assertThat(rows.fetch(new Query<>(50, 50, null, null, null)).findFirst().orElseThrow().effectiveDate())
                .isEqualTo(first.plusDays(9));
        assertThat(test(view.grid).size()).isEqualTo(before + 60);
        assertThat(test(view.grid).getRow(59).effectiveDate()).as("a row beyond the first page, fetched when asked for")
                .isEqualTo(first);
    }
}
