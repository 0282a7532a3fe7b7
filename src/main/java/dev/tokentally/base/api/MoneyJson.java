package dev.tokentally.base.api;

import java.math.BigDecimal;

import io.swagger.v3.oas.annotations.media.Schema;

/** An amount in an API response: a decimal string, never a JSON number, with its currency. */
@Schema(description = "An amount as a decimal string with its ISO 4217 currency")
public record MoneyJson(@Schema(example = "0.0003457728") String amount, @Schema(example = "EUR") String currency) {

    /** {@code null} for no amount; trailing zeros dropped. */
    public static MoneyJson of(BigDecimal amount, String currency) {
        return amount == null ? null : new MoneyJson(amount.stripTrailingZeros().toPlainString(), currency);
    }
}
