package dev.tokentally.gateway.ui;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A cache TTL as the route form shows and reads it: seconds ("3600"), a short duration ("90s", "30m", "1h", "1d") or ISO ("PT1H"). */
final class TtlText {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})\\s*([smhd]?)");

    private TtlText() {
    }

    /** @return null for empty text (no cache); @throws IllegalArgumentException for text that is no duration */
    static Duration parse(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            return null;
        }
        Matcher matcher = SHORT.matcher(value);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
        try {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException notIso) {
            throw new IllegalArgumentException("Write seconds (3600) or a duration (90s, 30m, 1h, 1d), or leave it empty for no cache.");
        }
    }

    /** "1h", "30m", "90s": the largest whole unit. */
    static String format(Duration ttl) {
        if (ttl == null) {
            return "";
        }
        long seconds = ttl.toSeconds();
        return seconds % 86_400 == 0 ? seconds / 86_400 + "d" : seconds % 3600 == 0 ? seconds / 3600 + "h"
                : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
