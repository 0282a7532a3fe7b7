package dev.tokentally.reporting.ui;

import java.util.Locale;

import dev.tokentally.reporting.GroupBy;

/** How the dashboard's pickers name a dimension. */
final class GroupByLabels {

    private GroupByLabels() {
    }

    static String label(GroupBy value) {
        return switch (value) {
            case NONE -> "nothing";
            case API_KEY -> "API key";
            default -> value.name().toLowerCase(Locale.ROOT);
        };
    }
}
