package dev.tokentally.invoicing;

import java.math.BigDecimal;

/**
 * One line: a token type of one model (and agent), its quantity, the unit price per 1M tokens in the billing
 * currency with markup included (per request for request fees), and the amount rounded once to the
 * currency's minor unit.
 */
public record InvoiceLine(int position, String description, long quantity, BigDecimal unitPrice, BigDecimal amount) {
}
