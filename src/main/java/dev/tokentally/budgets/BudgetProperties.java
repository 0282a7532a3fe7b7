package dev.tokentally.budgets;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Budget alerts ({@code tokentally.budgets.*}).
 *
 * @param checkEvery under load, the most often one organization's budgets are checked after recordings
 * @param sweepEvery the pause between two sweeps over every budget (also read by {@link BudgetAlerts}'s schedule)
 */
@Validated
@ConfigurationProperties("tokentally.budgets")
record BudgetProperties(@NotNull @DurationMin(nanos = 0) Duration checkEvery,
                        @NotNull @DurationMin(millis = 1) Duration sweepEvery) {
}
