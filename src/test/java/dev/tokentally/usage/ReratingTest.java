package dev.tokentally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import dev.tokentally.pricing.PriceCatalog;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.PriceSheet;
import dev.tokentally.pricing.PriceVersion;
import dev.tokentally.pricing.TokenUsage;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

@TokentallyTest
@WithUserDetails("root@tokentally.test")
class ReratingTest {

    static final String CSV_HEADER = "provider,model,display_name,mode,context_window,max_output_tokens,input,cached_input,"
            + "cache_write_5m,cache_write_1h,output,reasoning,per_request,long_context_threshold,long_input,"
            + "long_cached_input,long_cache_write_5m,long_cache_write_1h,long_output,long_reasoning\n";

    @Autowired
    UsageRecorder recorder;
    @Autowired
    PriceCatalog catalog;
    @Autowired
    PriceLookup lookup;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;

    long acme;

    @BeforeEach
    void acme() {
        acme = jdbc.sql("select id from organization where slug = 'acme'").query(Long.class).single();
    }

    private UsageEvent record(String key, String model, Instant at) {
        return recorder.record(acme, new ReportedCall(key, "openai", model, TokenUsage.of(1_000_000, 1_000_000), Attribution.of(null, null,
                null, null), null, at, null, null, false, UsageSource.API)).event();
    }

    private String rollup() {
        return jdbc.sql("select sum(unpriced_events) || ' ' || sum(billed_cost) from usage_daily").query(String.class).single();
    }

    @Test
    void an_unpriced_event_is_priced_as_soon_as_a_price_covering_it_is_saved() {
        Instant call = clock.instant().minus(Duration.ofHours(1));
        UsageEvent unpriced = record("new-1", "gpt-new", call);
        assertThat(unpriced.priced()).isFalse();
        assertThat(rollup()).isEqualTo("1 0");

        String csv = CSV_HEADER + "openai,gpt-new,,chat,,,1,,,,2,,,,,,,,,\n";
        catalog.applyImport(catalog.previewImport("new.csv", csv.getBytes(StandardCharsets.UTF_8)),
                clock.instant().minus(Duration.ofHours(2)));

        String row = jdbc.sql("select raw_cost_usd || ' ' || billed_cost from usage_event where idempotency_key = 'new-1'")
                .query(String.class).single();
        // 1M × $1 + 1M × $2 = $3; × 1.2 × 0.92 = EUR 3.312
        assertThat(new BigDecimal(row.split(" ")[0])).isEqualByComparingTo("3");
        assertThat(new BigDecimal(row.split(" ")[1])).isEqualByComparingTo("3.312");
        assertThat(rollup().split(" ")[0]).isEqualTo("0");
        assertThat(new BigDecimal(rollup().split(" ")[1])).isEqualByComparingTo("3.312");
    }

    @Test
    void a_back_dated_price_reprices_uninvoiced_usage_since_its_start_and_says_how_much_first() {
        Instant call = clock.instant().minus(Duration.ofHours(1));
        record("mini-1", "gpt-4o-mini", call);
        record("mini-old", "gpt-4o-mini", call.minus(Duration.ofDays(2)));
        long model = lookup.model("openai", "gpt-4o-mini").orElseThrow().modelId();
        Instant start = call.minus(Duration.ofHours(1));

        assertThat(catalog.eventsToReprice(model, start)).hasValue(1);
        catalog.addVersion(model, new PriceVersion(null, null, new PriceSheet(new BigDecimal("0.15"), null, null, null,
                new BigDecimal("1.2"), null), BigDecimal.ZERO, null, null), start, "correction");

        // 1M × 0.15 + 1M × 1.2 = $1.35 instead of $0.75; the event before the new start keeps $0.75
        assertThat(jdbc.sql("select raw_cost_usd from usage_event where idempotency_key = 'mini-1'")
                .query(BigDecimal.class).single()).isEqualByComparingTo("1.35");
        assertThat(jdbc.sql("select raw_cost_usd from usage_event where idempotency_key = 'mini-old'")
                .query(BigDecimal.class).single()).isEqualByComparingTo("0.75");
        BigDecimal ledger = jdbc.sql("select sum(billed_cost) from usage_event").query(BigDecimal.class).single();
        assertThat(new BigDecimal(rollup().split(" ")[1])).isEqualByComparingTo(ledger);
    }
}
