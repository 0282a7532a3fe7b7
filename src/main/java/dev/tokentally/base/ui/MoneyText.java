package dev.tokentally.base.ui;

import java.math.BigDecimal;
import java.math.RoundingMode;

import dev.tokentally.base.Money;

/** Money as dashboards show it: the currency's two digits, or up to six where amounts are tiny. */
public final class MoneyText {

    private MoneyText() {
    }

    public static String format(Money money) {
        BigDecimal amount = money.amount();
        int scale = amount.signum() != 0 && amount.abs().compareTo(new BigDecimal("0.01")) < 0 ? 6 : 2;
        return money.currency() + " " + amount.setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }
}
