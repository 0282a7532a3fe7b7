package dev.tokentally.base.net;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How long a provider asks callers to wait after a rate limit: OpenAI's {@code retry-after-ms}, else
 * {@code Retry-After} in seconds or as an HTTP date. Nonsense is read as "not said". Read by every caller of a
 * provider that retries ({@link dev.tokentally.base.RetryPolicy} decides whether the wait is taken).
 */
public final class RetryAfter {

    private static final long LONGEST_SECONDS = 366L * 24 * 3600;

    private RetryAfter() {
    }

    public static Optional<Duration> of(HttpHeaders headers, Instant now) {
        Optional<Duration> millis = headers.firstValue("retry-after-ms").flatMap(RetryAfter::millis);
        return millis.isPresent() ? millis : headers.firstValue("retry-after").flatMap(value -> secondsOrDate(value, now));
    }

    /** The headers that tell a client how long to wait, as the provider sent them. */
    public static Map<String, String> passed(HttpHeaders headers) {
        Map<String, String> passed = new LinkedHashMap<>();
        headers.firstValue("retry-after").ifPresent(value -> passed.put("Retry-After", value));
        headers.firstValue("retry-after-ms").ifPresent(value -> passed.put("retry-after-ms", value));
        return passed;
    }

    private static Optional<Duration> millis(String value) {
        try {
            double millis = Double.parseDouble(value.trim());
            return millis >= 0 && millis <= LONGEST_SECONDS * 1000 ? Optional.of(Duration.ofNanos((long) (millis * 1_000_000)))
                    : Optional.empty();
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> secondsOrDate(String value, Instant now) {
        String trimmed = value.trim();
        if (trimmed.matches("\\d{1,9}")) {
            long seconds = Long.parseLong(trimmed);
            return seconds <= LONGEST_SECONDS ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        }
        try {
            Duration until = Duration.between(now, ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }
}
