package dev.tokentally.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithUserDetails;

@TokentallyTest
@WithUserDetails("root@tokentally.test")
class BillingTermsLookupTest {

    @Autowired
    OrganizationPricing pricing;
    @Autowired
    ExchangeRates rates;
    @Autowired
    Fixtures fixtures;

    private long acme() {
        return fixtures.organization("acme");
    }

    @Test
    void the_rate_is_the_one_in_effect_on_the_calls_day_in_the_organizations_time_zone() {
        rates.add("EUR", new BigDecimal("0.95"), LocalDate.of(2026, 11, 23));

        // 22:59 UTC is 23:59 in Berlin on the 22nd; 23:30 UTC is already the 23rd there
        BillingTerms before = pricing.termsAt(acme(), Instant.parse("2026-11-22T22:59:00Z"));
        BillingTerms after = pricing.termsAt(acme(), Instant.parse("2026-11-22T23:30:00Z"));

        assertThat(before.unitsPerUsd()).isEqualByComparingTo("0.92");
        assertThat(after.unitsPerUsd()).isEqualByComparingTo("0.95");
        // 1 USD with 20 % markup on each side of midnight
        assertThat(before.bill(BigDecimal.ONE, 0, 1).amount()).isEqualByComparingTo("1.104");
        assertThat(after.bill(BigDecimal.ONE, 0, 1).amount()).isEqualByComparingTo("1.14");
    }

    @Test
    void a_currency_without_a_rate_on_that_day_is_reported_not_guessed() {
        assertThatThrownBy(() -> pricing.termsAt(acme(), Instant.parse("2025-06-01T12:00:00Z")))
                .isInstanceOf(MissingExchangeRateException.class)
                .hasMessageContaining("EUR on or before 2025-06-01");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_cannot_read_another_organizations_terms() {
        long globex = fixtures.organization("globex");

        assertThatThrownBy(() -> pricing.termsOf(globex, Instant.now()))
                .isInstanceOf(dev.tokentally.base.NotFoundException.class);
        assertThat(pricing.termsOf(acme(), Instant.now()).currency()).isEqualTo("EUR");
    }
}
