package dev.tokentally.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;

import dev.tokentally.base.Money;
import org.junit.jupiter.api.Test;

class BudgetStatusTest {

    @Test
    void a_threshold_is_reached_only_when_spend_really_gets_there() {
        Budget budget = new Budget();
        budget.setAmount(new BigDecimal("100"));
        PeriodWindow november = new PeriodWindow(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30));

        BudgetStatus almost = new BudgetStatus(budget, november, new Money(new BigDecimal("79.995"), "EUR"),
                new Money(BigDecimal.ZERO, "EUR"), 10, null);
        BudgetStatus there = new BudgetStatus(budget, november, new Money(new BigDecimal("80"), "EUR"),
                new Money(BigDecimal.ZERO, "EUR"), 10, null);

        assertThat(almost.percent()).as("shown rounded").isEqualByComparingTo("80.00");
        assertThat(almost.reached(80)).as("but not reached").isFalse();
        assertThat(there.reached(80)).isTrue();
        assertThat(there.reached(100)).isFalse();
    }
}
