package dev.tokentally.base.ui;

import java.math.BigDecimal;
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
}
