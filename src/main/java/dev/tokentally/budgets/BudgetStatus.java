package dev.tokentally.budgets;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

import dev.tokentally.base.Money;

/**
 * Where a budget stands in its current period: spent (the ledger's billed cost), reserved by chat calls
 * in flight, and, from the period's run rate, the day spend is projected to pass the limit.
 */
public record BudgetStatus(Budget budget, PeriodWindow window, Money spent, Money reserved, long daysLeft,
                           LocalDate projectedToExceedOn) {

    public Money limit() {
        return new Money(budget.getAmount(), spent.currency());
    }

    public boolean active() {
        return window != null;
    }

    /** Spent as a percentage of the limit, two decimals. */
    public BigDecimal percent() {
        return spent.amount().multiply(BigDecimal.valueOf(100)).divide(budget.getAmount(), 2, RoundingMode.HALF_UP);
    }

    /** Whether spend has reached the percentage of the limit, compared exactly (79.995 % is not 80 %). */
    public boolean reached(int thresholdPercent) {
        return spent.amount().multiply(BigDecimal.valueOf(100))
                .compareTo(budget.getAmount().multiply(BigDecimal.valueOf(thresholdPercent))) >= 0;
    }

    public Money remaining() {
        return new Money(budget.getAmount().subtract(spent.amount()).subtract(reserved.amount()).max(BigDecimal.ZERO),
                spent.currency());
    }
}
