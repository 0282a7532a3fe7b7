package dev.tokentally.usage;

import dev.tokentally.base.Money;

/** Today and month to date of every organization billed in one currency, summed (never converted). */
public record CurrencyTotals(String currency, long organizations, long todayRequests, long todayTokens, Money todayCost,
                             long monthRequests, long monthTokens, Money monthCost) {
}
