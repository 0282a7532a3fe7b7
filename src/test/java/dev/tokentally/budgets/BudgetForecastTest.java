package dev.tokentally.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** When a budget's spend at its pace so far will cross its limit. */
class BudgetForecastTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final PeriodWindow DECEMBER = new PeriodWindow(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 31));
    private static final Instant MID_MONTH = LocalDate.of(2026, 12, 16).atStartOfDay(BERLIN).toInstant();

    @Test
    void a_little_under_half_the_limit_spent_in_half_the_month_crosses_it_on_the_last_day() {
        assertThat(BudgetSpending.projectedToExceedOn(new BigDecimal("100"), new BigDecimal("48.5"), DECEMBER, BERLIN, MID_MONTH))
                .isEqualTo(LocalDate.of(2026, 12, 31));
    }

    @Test
    void a_huge_limit_at_a_tiny_spend_is_never_crossed_this_period() {
        assertThat(BudgetSpending.projectedToExceedOn(new BigDecimal("1000000000000"), new BigDecimal("0.000001"), DECEMBER,
                BERLIN, MID_MONTH)).isNull();
    }
}
