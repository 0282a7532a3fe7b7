package dev.tokentally.base;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount with its currency, at full precision; rounding happens only at the edge
 * ({@link #rounded()}), with the currency's digits, half-up.
 */
public record Money(BigDecimal amount, String currency) {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }



    /** Rounded to the currency's minor unit (2 digits for EUR and USD), half-up. */
    public Money rounded() {
        int digits = Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
        return new Money(amount.setScale(digits, RoundingMode.HALF_UP), currency);
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency;
    }
}
