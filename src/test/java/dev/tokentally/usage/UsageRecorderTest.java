package dev.tokentally.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@TokentallyTest
class UsageRecorderTest {

    @Autowired
    UsageRecorder recorder;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    long acme;

    @BeforeEach
    void acme() {
        acme = fixtures.organization("acme");
    }

    static ReportedCall report(String key, String model, TokenCounts tokens, Instant at) {
        return new ReportedCall(key, "openai", model, tokens, Attribution.of(null, "someone", "support-bot", "ticket-1"), null, at, null,
                null, false, UsageSource.API);
    }

    private int events() {
        return jdbc.sql("select count(*) from usage_event").query(Integer.class).single();
    }

    @Test
    void an_event_is_priced_with_the_price_in_effect_and_billed_with_the_organizations_terms() {
        var result = recorder.record(acme, report("gen-1", "gpt-4o-mini", new TokenCounts(1200, 1024, 0, 0, 350, 128, 1),
                Instant.parse("2026-11-20T10:00:00Z")));

        assertThat(result.status()).isEqualTo(RecordResult.Status.RECORDED);
        assertThat(result.event().cost().rawCostUsd()).isEqualByComparingTo("0.0003132");
        // 0.0003132 × 1.2 markup × 0.92 EUR per USD
        assertThat(result.event().cost().billedCost()).isEqualByComparingTo("0.0003457728");
        assertThat(result.event().cost().billedCurrency()).isEqualTo("EUR");
        assertThat(result.event().cost().priceVersionId()).isNotNull();
    }

    @Test
    void the_same_key_recorded_three_times_at_once_is_one_row() throws Exception {
        var report = report("gen-once", "gpt-4o-mini", TokenCounts.of(100, 10), Instant.now());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<RecordResult>> results = pool.invokeAll(List.<Callable<RecordResult>>of(
                () -> recorder.record(acme, report), () -> recorder.record(acme, report), () -> recorder.record(acme, report)));
        pool.shutdown();

        List<RecordResult> done = new ArrayList<>();
        for (Future<RecordResult> result : results) {
            done.add(result.get());
        }
        assertThat(events()).isEqualTo(1);
        assertThat(done).extracting(RecordResult::status).containsExactlyInAnyOrder(
                RecordResult.Status.RECORDED, RecordResult.Status.DUPLICATE, RecordResult.Status.DUPLICATE);
        assertThat(done).extracting(result -> result.event().id()).containsOnly(done.getFirst().event().id());
        assertThat(jdbc.sql("select sum(events) from usage_daily").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void the_same_key_with_other_counts_is_a_conflict_and_changes_nothing() {
        recorder.record(acme, report("gen-2", "gpt-4o-mini", TokenCounts.of(100, 10), Instant.now()));

        assertThatThrownBy(() -> recorder.record(acme, report("gen-2", "gpt-4o-mini", TokenCounts.of(100, 11), Instant.now())))
                .isInstanceOf(UsageConflictException.class);
        assertThat(events()).isEqualTo(1);
    }

    @Test
    void fifty_threads_recording_two_hundred_events_each_lose_nothing_and_rollups_equal_the_ledger() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Callable<Void>> writers = new ArrayList<>();
        Instant now = Instant.now();
        for (int thread = 0; thread < 50; thread++) {
            int t = thread;
            writers.add(() -> {
                for (int i = 0; i < 200; i++) {
                    recorder.record(acme, report("t" + t + "-" + i, i % 2 == 0 ? "gpt-4o-mini" : "gpt-4o",
                            TokenCounts.of(100 + i, 10 + t), now));
                }
                return null;
            });
        }
        for (Future<Void> done : pool.invokeAll(writers)) {
            done.get();
        }
        pool.shutdown();

        var ledger = jdbc.sql("""
                select count(*) || ' ' || sum(input_tokens + output_tokens) || ' ' || sum(billed_cost)
                from usage_event""").query(String.class).single();
        var rollups = jdbc.sql("""
                select sum(events) || ' ' || sum(total_tokens) || ' ' || sum(billed_cost) from usage_daily""")
                .query(String.class).single();
        assertThat(ledger).startsWith("10000 ");
        assertThat(new BigDecimal(rollups.split(" ")[2])).isEqualByComparingTo(new BigDecimal(ledger.split(" ")[2]));
        assertThat(rollups.split(" ")[0] + " " + rollups.split(" ")[1]).isEqualTo(ledger.split(" ")[0] + " " + ledger.split(" ")[1]);
    }

    @Test
    void days_and_months_are_the_organizations_local_ones() {
        // 23:30 UTC is 00:30 the next day in Berlin; the last evening of November is December there
        recorder.record(acme, report("late", "gpt-4o-mini", TokenCounts.of(1, 1), Instant.parse("2026-11-22T23:30:00Z")));
        recorder.record(acme, report("month", "gpt-4o-mini", TokenCounts.of(1, 1), Instant.parse("2026-11-30T23:30:00Z")));

        assertThat(jdbc.sql("select string_agg(day::text, ',' order by day) from usage_daily").query(String.class).single())
                .isEqualTo("2026-11-23,2026-12-01");
    }

    @Test
    void a_model_without_a_price_is_recorded_as_unpriced_not_as_free() {
        var result = recorder.record(acme, report("gen-x", "gpt-imaginary", TokenCounts.of(1000, 1000), Instant.now()));

        assertThat(result.event().priced()).isFalse();
        assertThat(result.event().cost().billedCost()).isNull();
        assertThat(jdbc.sql("select unpriced_events from usage_daily").query(Long.class).single()).isEqualTo(1);
    }

    /** A caller's own user id as an attacker sends it: 3,200 random letters and digits, which do not compress. */
    private static String randomUser(java.util.Random random, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder user = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            user.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return user.toString();
    }

    private static ReportedCall gatewayCall(String key, String externalUser) {
        return new ReportedCall(UsageSource.GATEWAY_KEY_PREFIX + key, "openai", "gpt-4o-mini", TokenCounts.of(1000, 100), Attribution.of(null,
                externalUser, null, null),
                null, Instant.now(), null, null, false, UsageSource.GATEWAY);
    }

    @Test
    void only_the_gateway_records_in_the_gateways_key_space() {
        ReportedCall reported = new ReportedCall(UsageSource.GATEWAY_KEY_PREFIX + "chatcmpl-1", "openai", "gpt-4o-mini",
                TokenCounts.of(10, 10), Attribution.of(null, null, null, null), null, Instant.now(), null, null, false, UsageSource.API);

        assertThatThrownBy(() -> recorder.record(acme, reported)).hasMessageContaining("the gateway's own");
        ReportedCall unspaced = new ReportedCall("chatcmpl-1", "openai", "gpt-4o-mini", TokenCounts.of(10, 10), Attribution.of(null, null, null,
                null), null, Instant.now(), null, null, false, UsageSource.GATEWAY);
        assertThatThrownBy(() -> recorder.record(acme, unspaced))
                .hasMessageContaining("the gateway's keys start with it");
        assertThat(events()).isZero();
    }

    @Test
    void a_gateway_call_with_a_3200_character_user_is_recorded_once_with_its_rollup_and_cost() {
        String user = randomUser(new java.security.SecureRandom(), 3200);

        var result = recorder.record(acme, gatewayCall("chatcmpl-long-user", user));

        assertThat(result.status()).isEqualTo(RecordResult.Status.RECORDED);
        assertThat(result.event().priced()).isTrue();
        assertThat(result.event().attribution().externalUser()).startsWith(user.substring(0, 100)).hasSizeLessThanOrEqualTo(200);
        assertThat(events()).isEqualTo(1);
        assertThat(jdbc.sql("select user_key || ' ' || events || ' ' || raw_cost_usd from usage_daily")
                .query(String.class).single())
                .isEqualTo("external:" + result.event().attribution().externalUser() + " 1 " + result.event().cost().rawCostUsd());
        assertThat(recorder.record(acme, gatewayCall("chatcmpl-long-user", user)).status())
                .as("the same call again").isEqualTo(RecordResult.Status.DUPLICATE);
    }

    @Test
    void two_different_3200_character_users_with_the_same_beginning_stay_two_rollup_rows() {
        java.util.Random random = new java.security.SecureRandom();
        String beginning = randomUser(random, 1600);

        recorder.record(acme, gatewayCall("call-1", beginning + randomUser(random, 1600)));
        recorder.record(acme, gatewayCall("call-2", beginning + randomUser(random, 1600)));

        assertThat(jdbc.sql("select count(distinct external_user) from usage_event").query(Integer.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from usage_daily where events = 1").query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void a_call_whose_every_label_is_long_is_recorded_and_the_same_call_again_is_a_duplicate() {
        java.util.Random random = new java.security.SecureRandom();
        // Four-byte characters: 1,000 of them are 4,000 bytes.
        String wide = "\uD83D\uDE00".repeat(1000);
        ReportedCall report = new ReportedCall(UsageSource.GATEWAY_KEY_PREFIX + randomUser(random, 3200), "openai", "gpt-4o-mini-" + wide,
                TokenCounts.of(10, 10), Attribution.of(null, wide, randomUser(random, 3200), randomUser(random, 3200)), null, Instant.now(),
                null, null, false, UsageSource.GATEWAY);

        var first = recorder.record(acme, report);
        var again = recorder.record(acme, report);

        assertThat(first.status()).isEqualTo(RecordResult.Status.RECORDED);
        assertThat(again.status()).isEqualTo(RecordResult.Status.DUPLICATE);
        assertThat(again.event().id()).isEqualTo(first.event().id());
        assertThat(first.event().idempotencyKey()).hasSizeLessThanOrEqualTo(200);
        assertThat(jdbc.sql("select sum(events) from usage_daily").query(Long.class).single()).isEqualTo(1);
    }
}
