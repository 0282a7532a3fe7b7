package dev.tokentally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import dev.tokentally.organizations.OrganizationLocale;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.pricing.BillingTerms;
import dev.tokentally.pricing.CallContext;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A call recorded with its gate's context is booked with what the gate looked up, but only for the day it started. */
@TokentallyTest
class CallContextBookingTest {

    /** Terms no organization has (double, no exchange), so that a charge shows whether they were used. */
    static final BillingTerms GATE_TERMS = new BillingTerms(new BigDecimal("100"), List.of(), "EUR", BigDecimal.ONE);
    static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");

    @Autowired
    UsageRecorder recorder;
    @Autowired
    OrganizationService organizations;
    @Autowired
    Fixtures fixtures;

    long acme;
    OrganizationLocale locale;

    @BeforeEach
    void acme() {
        acme = fixtures.organization("acme");
        locale = organizations.locale(acme);
    }

    private RecordResult record(String key, LocalDate gateDay) {
        CallContext context = new CallContext(acme, locale, gateDay, null, Optional.of(GATE_TERMS), null);
        return recorder.record(acme, UsageRecorderTest.report(key, "gpt-4o-mini", new TokenCounts(1200, 1024, 0, 0, 350, 128, 1), AT),
                context, null);
    }

    @Test
    void a_call_is_billed_with_the_terms_its_gate_looked_up_for_the_day_it_started() {
        RecordResult result = record("ctx-same-day", locale.dayOf(AT));

        assertThat(result.event().cost().rawCostUsd()).isEqualByComparingTo("0.0003132");
        assertThat(result.event().cost().billedCost()).isEqualByComparingTo("0.0006264"); // × 2, no exchange
    }

    @Test
    void a_call_whose_gate_ran_after_midnight_is_billed_with_its_start_days_own_terms() {
        RecordResult result = record("ctx-next-day", locale.dayOf(AT).plusDays(1));

        // 0.0003132 × 1.2 markup × 0.92 EUR per USD: the organization's terms of the day the call started
        assertThat(result.event().cost().billedCost()).isEqualByComparingTo("0.0003457728");
    }
}
