package dev.tokentally.usage;

import dev.tokentally.base.Money;

/** One organization's today and month to date, each in its own time zone and currency. */
public record OrganizationTotals(long organizationId, String organization, long todayRequests, long todayTokens,
                                Money todayCost, long monthRequests, long monthTokens, Money monthCost) {
}
