package dev.tokentally.pricing;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import dev.tokentally.base.AuditLog;
import dev.tokentally.base.CurrencyCode;
import dev.tokentally.base.DuplicateValueException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * Exchange rates from US dollars, by day. A call is converted with the rate in effect on its day;
 * prices are in USD, so USD itself needs no rate.
 */
@Service
@Validated
@Transactional
public class ExchangeRates {

    static final String AUDIT_SUBJECT = "exchange_rate";

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final ReferenceChanges references;
    /** Rates by currency and day; every instance drops them when a rate is added. */
    private final ReferenceCache<String, Optional<BigDecimal>> rates;

    ExchangeRates(JdbcClient jdbc, AuditLog audit, ReferenceChanges references) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.references = references;
        this.rates = references.cache(100_000, "exchange_rate");
    }

    /** A page of the rates, newest first. */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    @Transactional(readOnly = true)
    public List<ExchangeRate> page(int offset, int limit) {
        return jdbc.sql("""
                        select currency, units_per_usd, effective_date, created_by, created_at from exchange_rate
                        order by effective_date desc, currency offset ? limit ?""")
                .params(offset, limit)
                .query((rs, row) -> new ExchangeRate(rs.getString(1), rs.getBigDecimal(2).stripTrailingZeros(),
                        rs.getDate(3).toLocalDate(), rs.getString(4), rs.getTimestamp(5).toInstant()))
                .list();
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public void add(@NotBlank(message = "Currency is required") @CurrencyCode String currency,
                    @NotNull(message = "Rate is required")
                    @DecimalMin(value = "0", inclusive = false, message = "Rate must be above zero") BigDecimal unitsPerUsd,
                    @NotNull(message = "Date is required") LocalDate effectiveDate) {
        if ("USD".equals(currency)) {
            throw new IllegalArgumentException("Prices are in USD already: USD needs no rate");
        }
        String before = rateOn(currency, effectiveDate).map(BigDecimal::toPlainString).orElse(null);
        references.changed("exchange_rate");
        int added = jdbc.sql("""
                        insert into exchange_rate (currency, units_per_usd, effective_date, created_by)
                        values (?, ?, ?, ?) on conflict (currency, effective_date) do nothing""")
                .params(currency, unitsPerUsd, Date.valueOf(effectiveDate), AuditLog.actor()).update();
        if (added == 0) {
            throw new DuplicateValueException("effectiveDate", currency + " has a rate for " + effectiveDate + " already");
        }
        audit.record(AUDIT_SUBJECT, currency, "rate from " + effectiveDate, before, unitsPerUsd.toPlainString());
    }

    /** The rate in effect on a day: the latest one dated on or before it. USD is always 1. */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Optional<BigDecimal> rateOn(String currency, LocalDate day) {
        if ("USD".equals(currency)) {
            return Optional.of(BigDecimal.ONE);
        }
        return rates.get(currency + " " + day, key -> jdbc.sql("""
                        select units_per_usd from exchange_rate where currency = ? and effective_date <= ?
                        order by effective_date desc limit 1""")
                .params(currency, Date.valueOf(day)).query(BigDecimal.class).optional()
                .map(BigDecimal::stripTrailingZeros));
    }

}
