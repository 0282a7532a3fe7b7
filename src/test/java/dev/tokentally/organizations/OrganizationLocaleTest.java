package dev.tokentally.organizations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class OrganizationLocaleTest {

    @Test
    void today_is_the_day_in_the_organizations_zone_not_in_utc() {
        // 23:30 UTC on 30 November is already 1 December in Berlin and still 30 November in New York.
        Clock clock = Clock.fixed(Instant.parse("2026-11-30T23:30:00Z"), ZoneOffset.UTC);

        assertThat(new OrganizationLocale(ZoneId.of("Europe/Berlin"), "EUR", "Acme").today(clock)).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(new OrganizationLocale(ZoneId.of("America/New_York"), "USD", "Globex").today(clock))
                .isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(new OrganizationLocale(ZoneId.of("Europe/Berlin"), "EUR", "Acme").dayOf(Instant.parse("2026-11-30T22:59:59Z")))
                .isEqualTo(LocalDate.of(2026, 11, 30));
    }
}
