package dev.tokentally.invoicing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.scheduling.support.CronExpression;

/**
 * Invoicing ({@code tokentally.invoices.*}).
 *
 * @param monthlyCron when the monthly invoice run looks for organizations whose month has ended (read by
 *                    {@link MonthlyInvoiceRun}'s schedule; hourly, so every time zone's first of the month is met)
 */
@ConfigurationProperties("tokentally.invoices")
record InvoiceProperties(String monthlyCron) {

    InvoiceProperties {
        if (!CronExpression.isValidExpression(monthlyCron)) {
            throw new IllegalArgumentException("tokentally.invoices.monthly-cron is not a cron expression such as "
                    + "\"0 15 * * * *\" (second minute hour day month weekday): " + monthlyCron);
        }
    }
}
