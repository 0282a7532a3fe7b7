package dev.tokentally.invoicing;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.validation.annotation.Validated;

/**
 * Invoicing ({@code tokentally.invoices.*}).
 *
 * @param monthlyCron when the monthly invoice run looks for organizations whose month has ended (read by
 *                    {@link MonthlyInvoiceRun}'s schedule; hourly, so every time zone's first of the month is met)
 * @param seller      who issues the invoices and how to pay it
 */
@Validated
@ConfigurationProperties("tokentally.invoices")
record InvoiceProperties(String monthlyCron, @NotNull @Valid Seller seller) {

    InvoiceProperties {
        if (!CronExpression.isValidExpression(monthlyCron)) {
            throw new IllegalArgumentException("tokentally.invoices.monthly-cron is not a cron expression such as "
                    + "\"0 15 * * * *\" (second minute hour day month weekday): " + monthlyCron);
        }
    }
}
