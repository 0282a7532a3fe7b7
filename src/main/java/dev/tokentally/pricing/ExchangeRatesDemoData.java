package dev.tokentally.pricing;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;

import dev.tokentally.base.SeedData;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Demo exchange rates, so the demo organization billed in EUR has a rate. Illustrative, not market data. */
@Component
class ExchangeRatesDemoData implements SeedData {

    private final JdbcClient jdbc;

    ExchangeRatesDemoData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "demo-exchange-rates";
    }

    @Override
    public boolean demoOnly() {
        return true;
    }

    @Override
    public void load() {
        rate("EUR", "0.92", LocalDate.of(2026, 1, 1));
        rate("GBP", "0.79", LocalDate.of(2026, 1, 1));
    }

    private void rate(String currency, String unitsPerUsd, LocalDate from) {
        jdbc.sql("insert into exchange_rate (currency, units_per_usd, effective_date, created_by) values (?, ?, ?, 'demo')")
                .params(currency, new BigDecimal(unitsPerUsd), Date.valueOf(from)).update();
    }
}
