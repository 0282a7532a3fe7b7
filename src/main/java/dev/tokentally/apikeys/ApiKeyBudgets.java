package dev.tokentally.apikeys;

import java.math.BigDecimal;

/**
 * A spending limit for one key, opened with the key: budgets are owned by {@code budgets}, which depends on this module
 * and provides this port.
 */
public interface ApiKeyBudgets {

    enum Period {
        DAILY, WEEKLY, MONTHLY
    }

    /** An amount in the organization's billing currency per period; hard: calls beyond it are refused, soft: alerts only. */
    record Limit(BigDecimal amount, Period period, boolean hard) {
    }

    /** Opens the key's budget, or refuses (field messages as {@link dev.tokentally.base.FieldRejectedException}). */
    void open(long organizationId, long keyId, String keyName, Limit limit);
}
