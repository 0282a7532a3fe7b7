package dev.tokentally.invoicing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * An invoice or credit note. A draft is recomputed from the ledger whenever asked; issuing numbers it,
 * copies the billing details, claims its events and freezes it for good.
 */
public record Invoice(long id, long organizationId, Kind kind, String number, Status status, LocalDate periodStart,
                      LocalDate periodEnd, Long threadId, String threadTitle, String currency, String billingName,
                      String billingAddress, String billingEmail, BigDecimal taxRatePercent, BigDecimal subtotal,
                      BigDecimal volumeDiscount, BigDecimal tax, BigDecimal total, long events, LocalDate issueDate,
                      LocalDate dueDate, LocalDate paidDate, String paidReference, String voidReason, Long creditsInvoiceId,
                      String createdBy, Instant createdAt) {

    public enum Kind {
        INVOICE, CREDIT_NOTE
    }

    public enum Status {
        DRAFT, ISSUED, PAID, VOID
    }

    public String title() {
        String what = kind == Kind.CREDIT_NOTE ? "Credit note" : "Invoice";
        return number != null ? what + " " + number : "Draft " + what.toLowerCase() + " #" + id;
    }

    /** "November 2026", "2026-11-03 – 2026-11-17" or "Thread: …". */
    public String coverage() {
        if (threadId != null) {
            return "Thread: " + threadTitle;
        }
        if (periodStart == null) {
            return "";
        }
        if (periodStart.getDayOfMonth() == 1 && periodEnd.equals(periodStart.withDayOfMonth(periodStart.lengthOfMonth()))) {
            return periodStart.getMonth().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH) + " "
                    + periodStart.getYear();
        }
        return periodStart + " – " + periodEnd;
    }
}
