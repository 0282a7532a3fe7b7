package dev.tokentally.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.tokentally.pricing.PriceCatalog;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.PriceSheet;
import dev.tokentally.pricing.PriceVersion;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.transaction.support.TransactionTemplate;

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
    Fixtures fixtures;
    @Autowired
    TestClock clock;
    @Autowired
    UsageEvents events;
    @Autowired
    BillableEvents billable;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    UserDetailsService users;

    long acme;

    @BeforeEach
    void acme() {
        acme = fixtures.organization("acme");
    }

    private UsageEvent record(String key, String model, Instant at) {
        return recorder.record(acme, report(key, model, at)).event();
    }

    private static ReportedCall report(String key, String model, Instant at) {
        return new ReportedCall(key, "openai", model, TokenCounts.of(1_000_000, 1_000_000), Attribution.of(null, null, null, null), null, at,
                null, null, false, UsageSource.API);
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

        String row = jdbc.sql("select raw_cost_usd || ' ' || billed_cost from usage_event_current where idempotency_key = 'new-1'")
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
        assertThat(jdbc.sql("select raw_cost_usd from usage_event_current where idempotency_key = 'mini-1'")
                .query(BigDecimal.class).single()).isEqualByComparingTo("1.35");
        assertThat(jdbc.sql("select raw_cost_usd from usage_event_current where idempotency_key = 'mini-old'")
                .query(BigDecimal.class).single()).isEqualByComparingTo("0.75");
        BigDecimal ledger = jdbc.sql("select sum(billed_cost) from usage_event_current").query(BigDecimal.class).single();
        assertThat(new BigDecimal(rollup().split(" ")[1])).isEqualByComparingTo(ledger);
    }

    @Test
    void a_repriced_event_keeps_its_recorded_row_while_the_events_api_a_repeated_report_and_invoicing_see_the_correction() {
        Instant call = clock.instant().minus(Duration.ofHours(1));
        UsageEvent recorded = record("mini-1", "gpt-4o-mini", call);
        long model = lookup.model("openai", "gpt-4o-mini").orElseThrow().modelId();
        long version = catalog.addVersion(model, new PriceVersion(null, null, new PriceSheet(new BigDecimal("0.15"), null,
                null, null, new BigDecimal("1.2"), null), BigDecimal.ZERO, null, null), call.minus(Duration.ofHours(1)),
                "correction");

        // as recorded: 1M × 0.15 + 1M × 0.6 = $0.75
        assertThat(jdbc.sql("select raw_cost_usd from usage_event where id = ?").param(recorded.id())
                .query(BigDecimal.class).single()).isEqualByComparingTo("0.75");
        assertThat(jdbc.sql("select count(*) from usage_correction where event_id = ? and price_version_id = ?")
                .params(recorded.id(), version).query(Long.class).single()).isEqualTo(1);
        assertThatThrownBy(() -> jdbc.sql("update usage_correction set raw_cost_usd = 0").update())
                .hasMessageContaining("usage_correction rows never change");
        UsageEvent listed = events.byIds(acme, List.of(recorded.id())).get(recorded.id());
        assertThat(listed.cost().rawCostUsd()).isEqualByComparingTo("1.35");
        assertThat(listed.cost().priceVersionId()).isEqualTo(version);
        RecordResult again = recorder.record(acme, report("mini-1", "gpt-4o-mini", call));
        assertThat(again.status()).isEqualTo(RecordResult.Status.DUPLICATE);
        assertThat(again.event().cost().rawCostUsd()).isEqualByComparingTo("1.35");
        assertThat(billable.groups(BillableEvents.Selection.upTo(acme, clock.instant()), new BillableEvents.Split(false, false)))
                .singleElement().satisfies(group -> {
                    assertThat(group.rawCostUsd()).isEqualByComparingTo("1.35");
                    assertThat(group.priceVersionId()).isEqualTo(version);
                });
    }

    @Test
    void a_repricing_that_meets_an_invoice_claiming_the_event_waits_and_leaves_the_billed_cost_alone() throws Exception {
        Instant call = clock.instant().minus(Duration.ofHours(1));
        UsageEvent recorded = record("mini-1", "gpt-4o-mini", call);
        long model = lookup.model("openai", "gpt-4o-mini").orElseThrow().modelId();
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> issuing = pool.submit(() -> transaction.executeWithoutResult(status -> {
                billable.claim(BillableEvents.Selection.upTo(acme, clock.instant()), 4711);
                claimed.countDown();
                awaitQuietly(commit);
            }));
            claimed.await();
            Future<Long> repricing = pool.submit(() -> RunAs.user(users, "root@tokentally.test", () -> catalog.addVersion(model,
                    new PriceVersion(null, null, new PriceSheet(new BigDecimal("0.15"), null, null, null, new BigDecimal("1.2"),
                            null), BigDecimal.ZERO, null, null), call.minus(Duration.ofHours(1)), "correction")));
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
                    select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like '%usage_event%for update%'""")
                    .query(Long.class).single() == 1);
            commit.countDown();
            issuing.get(10, TimeUnit.SECONDS);
            repricing.get(10, TimeUnit.SECONDS);
        } finally {
            commit.countDown();
            pool.shutdownNow();
        }

        // the invoice billed $0.75; the event stays at that, and so do its rollups
        assertThat(jdbc.sql("select count(*) from usage_correction").query(Long.class).single()).isZero();
        assertThat(events.byIds(acme, List.of(recorded.id())).get(recorded.id()).cost().rawCostUsd()).isEqualByComparingTo("0.75");
        assertThat(new BigDecimal(rollup().split(" ")[1])).isEqualByComparingTo(recorded.cost().billedCost());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
