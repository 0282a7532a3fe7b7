package dev.tokentally.pricing.ui;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How prices and times read in the pricing views. */
final class PriceText {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private PriceText() {
    }

    /** A price per 1M tokens as stored, without trailing zeros; a dash when there is none. */
    static String price(BigDecimal price) {
        return price == null ? "—" : "$" + price.stripTrailingZeros().toPlainString();
    }

    static String when(Instant instant) {
        return instant == null ? "—" : WHEN.format(instant);
    }
}
