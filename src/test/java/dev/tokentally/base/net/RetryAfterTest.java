package dev.tokentally.base.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The wait a rate-limited provider asks for, in each form providers send it. */
class RetryAfterTest {

    static final Instant NOW = Instant.parse("2026-12-07T14:00:00Z");

    static HttpHeaders headers(String... namesAndValues) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
        }
        return HttpHeaders.of(map, (name, value) -> true);
    }

    @Test
    void seconds_an_http_date_and_openais_milliseconds_are_read_the_milliseconds_first() {
        assertThat(RetryAfter.of(headers("retry-after", "7"), NOW)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.of(headers("Retry-After", "Mon, 07 Dec 2026 14:00:30 GMT"), NOW)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.of(headers("retry-after", "Mon, 07 Dec 2026 13:59:00 GMT"), NOW)).as("a date passed")
                .contains(Duration.ZERO);
        assertThat(RetryAfter.of(headers("retry-after", "1", "retry-after-ms", "250.5"), NOW))
                .contains(Duration.ofNanos(250_500_000));
    }

    @Test
    void nonsense_is_read_as_no_wait_said() {
        assertThat(RetryAfter.of(headers(), NOW)).isEmpty();
        assertThat(RetryAfter.of(headers("retry-after", "soon"), NOW)).isEmpty();
        assertThat(RetryAfter.of(headers("retry-after", "-3"), NOW)).isEmpty();
        assertThat(RetryAfter.of(headers("retry-after", "99999999999999999999"), NOW)).isEmpty();
        assertThat(RetryAfter.of(headers("retry-after-ms", "NaN"), NOW)).isEmpty();
        assertThat(RetryAfter.of(headers("retry-after-ms", "-1", "retry-after", "2"), NOW)).contains(Duration.ofSeconds(2));
    }
}
