package dev.tokentally.base.ui;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

import dev.tokentally.base.Money;

/**
 * Money as screens and documents show it, in one format whatever the organization's locale: the currency code,
 * English digits with thousands grouped ("EUR 12,345.60"), two decimals, or up to six where amounts are tiny.
 */
public final class MoneyText {

    private MoneyText() {
    }

    public static String format(Money money) {
        BigDecimal amount = money.amount();
        int scale = amount.signum() != 0 && amount.abs().compareTo(new BigDecimal("0.01")) < 0 ? 6 : 2;
        return money.currency() + " " + String.format(Locale.ENGLISH, "%,." + scale + "f", amount.setScale(scale, RoundingMode.HALF_UP));
    }

    /**
     * A unit price or a single call's cost, the only amounts that may need more than cents: up to six significant
     * digits, never fewer than two decimals and no trailing zeros past them ("EUR 0.002024", "EUR 0.01", "EUR 3.312").
     */
    public static String precise(Money money) {
        BigDecimal rounded = money.amount().round(new MathContext(6, RoundingMode.HALF_UP)).stripTrailingZeros();
        int scale = Math.max(2, rounded.scale());
        return money.currency() + " " + String.format(Locale.ENGLISH, "%,." + scale + "f", rounded.setScale(scale, RoundingMode.HALF_UP));
    }
}
