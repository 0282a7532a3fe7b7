package dev.tokentally.pricing;

import java.time.LocalDate;

/** An organization bills in a currency that has no exchange rate on the day of a call. */
public class MissingExchangeRateException extends RuntimeException {

    public MissingExchangeRateException(String currency, LocalDate day) {
        super("No exchange rate for " + currency + " on or before " + day + ": add one under Exchange rates");
    }
}
