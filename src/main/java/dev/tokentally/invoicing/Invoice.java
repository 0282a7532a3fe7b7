package dev.tokentally.invoicing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * An invoice or credit note. A draft is recomputed from the ledger whenever asked; issuing numbers it,
 * copies the billing details, claims its events and freezes it for good.
 */
public record Invoice(long id, long organizationId, Kind kind, String number, Status status, Scope scope, BillTo billTo,
                      Amounts amounts, long events, Lifecycle lifecycle, Credits credits) {

    public enum Kind {
        INVOICE, CREDIT_NOTE
    }

    public enum Status {
        DRAFT, ISSUED, PAID, VOID
    }

    /** What it bills: usage (of a period or a thread), or prepaid credits bought (a top-up, paid into the wallet). */
    public enum Bills {
        USAGE, TOP_UP
    }

    /**
     * On a usage invoice of a prepaid or mixed organization: the credits its events consumed, taken off before tax,
     * and the wallet's balance when it was issued (null while a draft).
     */
    public record Credits(BigDecimal applied, BigDecimal remainingBalance) {
    }

    /** What it bills: the usage of a period (start and end inclusive), or of one chat thread; or prepaid credits. */
    public record Scope(LocalDate periodStart, LocalDate periodEnd, Long threadId, String threadTitle, Bills bills) {
    }

    /** Whom it is addressed to and the tax rate applied, copied from the organization when it is issued. */
    public record BillTo(String name, String address, String email, BigDecimal taxRatePercent) {
    }

    /** Its figures, in its currency: negative on a credit note. */
    public record Amounts(String currency, BigDecimal subtotal, BigDecimal volumeDiscount, BigDecimal tax, BigDecimal total) {
    }

    /**
     * Who made it and when, and what happened to it since.
     *
     * @param creditsInvoiceId on a credit note, the invoice it cancels
     */
    public record Lifecycle(LocalDate issueDate, LocalDate dueDate, LocalDate paidDate, String paidReference, String voidReason,
                            Long creditsInvoiceId, String createdBy, Instant createdAt) {
    }

    public String title() {
        String what = kind == Kind.CREDIT_NOTE ? "Credit note" : "Invoice";
        return number != null ? what + " " + number : "Draft " + what.toLowerCase() + " #" + id;
    }

    /** "November 2026", "2026-11-03 – 2026-11-17", "Thread: …" or "Prepaid credits". */
    public String coverage() {
        if (scope.bills() == Bills.TOP_UP) {
            return TopUps.LINE;
        }
        if (scope.threadId() != null) {
            return "Thread: " + scope.threadTitle();
        }
        LocalDate periodStart = scope.periodStart();
        LocalDate periodEnd = scope.periodEnd();
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
