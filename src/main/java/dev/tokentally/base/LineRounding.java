package dev.tokentally.base;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** The one rounding rule of billed documents: a line's exact amount is rounded once, half-up, to the currency's minor unit. */
public final class LineRounding {

    private LineRounding() {
    }

    public static int digits(String currency) {
        return Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
    }

    public static BigDecimal amount(BigDecimal exact, int digits) {
        return exact.setScale(digits, RoundingMode.HALF_UP);
    }
}
