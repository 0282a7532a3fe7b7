package dev.tokentally.organizations;

import java.util.Locale;

/** SQL LIKE patterns from what someone typed into a filter box. */
final class Patterns {

    private Patterns() {
    }

    /** Matches values that contain the text, case-insensitively (compare with lower-cased values). */
    static String contains(String text) {
        if (text == null || text.isBlank()) {
            return "%";
        }
        String escaped = text.trim().toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
