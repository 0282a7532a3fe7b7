package dev.tokentally.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** Units of a currency one US dollar buys, in effect from a date until the next rate of that currency. */
public record ExchangeRate(String currency, BigDecimal unitsPerUsd, LocalDate effectiveDate, String createdBy,
                           Instant createdAt) {
}
