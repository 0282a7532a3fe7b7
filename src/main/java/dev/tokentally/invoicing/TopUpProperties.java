package dev.tokentally.invoicing;

import java.math.BigDecimal;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Top-ups ({@code tokentally.top-ups.*}).
 *
 * @param maxAmount  the most one top-up may buy (net, in the organization's currency): a typo of a few zeros is refused
 * @param sweepEvery how often wallets below their automatic top-up threshold without a pending top-up are looked for
 *                   (covers a threshold crossed just before a crash)
 */
@ConfigurationProperties("tokentally.top-ups")
record TopUpProperties(BigDecimal maxAmount, Duration sweepEvery) {

    TopUpProperties {
        if (maxAmount == null || maxAmount.signum() <= 0) {
            throw new IllegalArgumentException("tokentally.top-ups.max-amount must be above zero");
        }
        if (sweepEvery == null || sweepEvery.isNegative() || sweepEvery.isZero()) {
            throw new IllegalArgumentException("tokentally.top-ups.sweep-every must be a positive duration such as 5m");
        }
    }
}
