package dev.tokentally.base;

import java.util.Locale;
import java.util.Set;

/**
 * VAT identification numbers as the EU writes them: a two-letter country prefix and 2 to 13 letters or digits
 * ("DE123456789", "EL094259216" for Greece, "XI…" for Northern Ireland). Only the shape is checked, not the registry.
 */
public final class VatIds {

    /** The shape, for {@code @Pattern} and the database's check. */
    public static final String PATTERN = "[A-Z]{2}[A-Z0-9]{2,13}";
    public static final String MESSAGE = "A VAT id is a two-letter country prefix and 2 to 13 letters or digits, such as DE123456789";

    /** The member states' VAT prefixes (Greece writes EL, Northern Ireland XI). */
    private static final Set<String> EU = Set.of("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR",
            "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI");

    private VatIds() {
    }

    /** As typed, without spaces, dots or dashes and in capitals ("de 123 456 789" → "DE123456789"); blank → null. */
    public static String normalize(String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        return typed.replaceAll("[\\s.\\-]", "").toUpperCase(Locale.ROOT);
    }

    public static boolean valid(String vatId) {
        return vatId != null && vatId.matches(PATTERN);
    }

    /** Whether both are VAT ids of EU member states, and of different ones. */
    public static boolean ofDifferentEuCountries(String one, String other) {
        return valid(one) && valid(other) && EU.contains(one.substring(0, 2)) && EU.contains(other.substring(0, 2))
                && !one.substring(0, 2).equals(other.substring(0, 2));
    }
}
