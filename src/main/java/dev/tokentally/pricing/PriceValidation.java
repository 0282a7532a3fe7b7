package dev.tokentally.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Prices are never negative; a long-context tier needs a threshold above zero. */
final class PriceValidation {

    private PriceValidation() {
    }

    static void check(PriceVersion price) {
        List<String> problems = new ArrayList<>();
        checkSheet("", price.base(), problems);
        nonNegative("per request", price.perRequest(), problems);
        if (price.longContext() != null) {
            if (price.longContextThreshold() <= 0) {
                problems.add("long-context threshold must be above zero");
            }
            checkSheet("long-context ", price.longContext(), problems);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private static void checkSheet(String prefix, PriceSheet sheet, List<String> problems) {
        nonNegative(prefix + "input", sheet.input(), problems);
        nonNegative(prefix + "cached input", sheet.cachedInput(), problems);
        nonNegative(prefix + "cache write (5 min)", sheet.cacheWrite5m(), problems);
        nonNegative(prefix + "cache write (1 h)", sheet.cacheWrite1h(), problems);
        nonNegative(prefix + "output", sheet.output(), problems);
        nonNegative(prefix + "reasoning", sheet.reasoning(), problems);
    }

    private static void nonNegative(String field, BigDecimal price, List<String> problems) {
        if (price != null && price.signum() < 0) {
            problems.add(field + " cannot be negative");
        }
    }
}
