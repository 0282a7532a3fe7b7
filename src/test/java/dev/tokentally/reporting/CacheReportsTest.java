package dev.tokentally.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@TokentallyTest
class CacheReportsTest {

    @Autowired
    CacheReports caches;
    @Autowired
    UsageReports reports;
    @Autowired
    UsageRecorder recorder;
    @Autowired
    Fixtures fixtures;

    long acme;
    ReportPeriod today;

    @BeforeEach
    void acme() {
        acme = fixtures.organization("acme");
        LocalDate day = reports.todayOf(acme, Instant.now());
        today = new ReportPeriod(day, day);
    }

    private void record(String key, String provider, String model, TokenCounts tokens, String email) {
        recorder.record(acme, new ReportedCall(key, provider, model, tokens,
                Attribution.of(fixtures.user(email), null, null, null), null, Instant.now(), null, null, false,
                UsageSource.API));
    }

    @Test
    void a_cache_heavy_call_shows_its_hit_rate_and_the_money_cached_input_saved() {
        // OpenAI counts cache reads inside the input: 1,000,000 input tokens of which 800,000 read from the cache.
        record("c1", "openai", "gpt-4o-mini", new TokenCounts(1_000_000, 800_000, 0, 0, 0, 0, 1), "alice@acme.test");

        CacheReport cache = caches.cache(ReportScope.organization(acme), SeriesFilter.none(), today);

        assertThat(cache.promptTokens()).isEqualTo(1_000_000);
        assertThat(cache.cachedInputTokens()).isEqualTo(800_000);
        assertThat(cache.hitRatePercent()).isEqualByComparingTo("80.00");
        // 800,000 × (0.15 − 0.075) USD per 1M = 0.06 USD; billed as Acme is: × 1.2 markup × 0.92 EUR per USD
        assertThat(cache.saved().currency()).isEqualTo("EUR");
        assertThat(cache.saved().amount()).isEqualByComparingTo("0.06624");
    }

    @Test
    void cache_reads_counted_beside_the_input_are_added_to_it_for_the_hit_rate() {
        // Anthropic counts cache reads beside the input: 100 input + 300 read = 400 sent, 75 % from the cache.
        record("c2", "anthropic", "claude-sonnet-4-20250514", new TokenCounts(100, 300, 0, 0, 10, 0, 1), "alice@acme.test");

        CacheReport cache = caches.cache(ReportScope.organization(acme), SeriesFilter.none(), today);

        assertThat(cache.promptTokens()).isEqualTo(400);
        assertThat(cache.hitRatePercent()).isEqualByComparingTo("75.00");
        assertThat(cache.saved().amount()).isPositive();
    }

    @Test
    void a_member_sees_only_their_own_cache_savings_and_no_usage_shows_no_rate() {
        record("c3", "openai", "gpt-4o-mini", new TokenCounts(1_000_000, 800_000, 0, 0, 0, 0, 1), "alice@acme.test");

        CacheReport bobs = caches.cache(ReportScope.member(acme, fixtures.user("bob@acme.test")), SeriesFilter.none(), today);

        assertThat(bobs.hitRatePercent()).isNull();
        assertThat(bobs.saved().amount()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(caches.cache(ReportScope.organization(fixtures.organization("globex")), SeriesFilter.none(), today)
                .saved().amount()).isEqualByComparingTo(BigDecimal.ZERO);
    }
}
