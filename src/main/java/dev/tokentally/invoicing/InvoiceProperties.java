package dev.tokentally.invoicing;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Invoicing ({@code tokentally.invoices.*}).
 *
 * @param monthlyCron when the monthly invoice run looks for organizations whose month has ended (read by
 *                    {@link MonthlyInvoiceRun}'s schedule; hourly, so every time zone's first of the month is met)
 */
@Validated
@ConfigurationProperties("tokentally.invoices")
record InvoiceProperties(@NotBlank String monthlyCron) {
}
