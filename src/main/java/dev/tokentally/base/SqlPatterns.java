package dev.tokentally.base;

import java.util.Locale;

/** SQL LIKE patterns from what someone typed into a filter box. */
public final class SqlPatterns {

    private SqlPatterns() {
    }

    /** Matches values that contain the text, case-insensitively (compare with lower-cased values). */
    public static String contains(String text) {
        if (text == null || text.isBlank()) {
            return "%";
        }
        String escaped = text.trim().toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
