package dev.tokentally.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithUserDetails;

@TokentallyTest
class PriceLookupTest {

    @Autowired
    PriceLookup lookup;
    @Autowired
    PriceCatalog catalog;
    @Autowired
    TestClock clock;

    private static PriceVersion output(String perMillion) {
        return new PriceVersion(null, null, new PriceSheet(new BigDecimal("0.15"), new BigDecimal("0.075"), null, null,
                new BigDecimal(perMillion), null), BigDecimal.ZERO, null, null);
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void the_version_in_effect_changes_exactly_at_its_start() {
        Instant start = clock.instant().minus(Duration.ofHours(2));
        long model = lookup.model("openai", "gpt-4o-mini").orElseThrow().modelId();
        catalog.addVersion(model, output("0.9"), start, null);

        PricedModel versions = lookup.model("openai", "gpt-4o-mini").orElseThrow();
        assertThat(versions.versionAt(start.minusNanos(1000)).base().output()).isEqualByComparingTo("0.6");
        assertThat(versions.versionAt(start).base().output()).isEqualByComparingTo("0.9");
        assertThat(versions.versionAt(clock.instant()).base().output()).isEqualByComparingTo("0.9");
    }

    @Test
    void dated_snapshots_resolve_to_their_model() {
        Instant now = clock.instant();
        long model = lookup.model("openai", "gpt-4o-mini").orElseThrow().modelId();

        // in the shipped file, priced like its model: an alias
        assertThat(lookup.model("openai", "gpt-4o-mini-2024-07-18").orElseThrow().modelId()).isEqualTo(model);
        // a snapshot the catalog has never seen
        assertThat(lookup.model("openai", "gpt-4o-mini-2031-01-02").orElseThrow().modelId()).isEqualTo(model);
        assertThat(lookup.model("anthropic", "claude-sonnet-4-5-20250929").orElseThrow().modelId())
                .isEqualTo(lookup.model("anthropic", "claude-sonnet-4-5").orElseThrow().modelId());
        // a snapshot priced differently from its model is a model of its own
        assertThat(lookup.model("openai", "gpt-4o-2024-05-13").orElseThrow().versionAt(now).base().input())
                .isEqualByComparingTo("5");
    }

    @Test
    void unknown_models_and_times_before_any_price_are_unpriced() {
        assertThat(lookup.model("openai", "gpt-imaginary")).isEmpty();
        var model = lookup.model("openai", "gpt-4o-mini").orElseThrow();
        PriceVersion beforeCatalog = model.versionAt(CatalogSeed.CATALOG_START.minusSeconds(1));
        assertThat(beforeCatalog).isNull();
        assertThat(CostCalculator.price(TokenCounts.of(1000, 1000), model.semantics(), beforeCatalog).priced()).isFalse();
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void a_back_dated_version_reprices_calls_made_since_its_start() {
        Instant call = clock.instant().minus(Duration.ofHours(1));
        var usage = new TokenCounts(1200, 1024, 0, 0, 350, 128, 1);
        var before = lookup.model("openai", "gpt-4o-mini").orElseThrow();
        assertThat(CostCalculator.price(usage, before.semantics(), before.versionAt(call)).total()).isEqualByComparingTo("0.0003132");

        catalog.addVersion(before.modelId(), output("1.2"), call.minus(Duration.ofHours(1)), "correction");
        var after = lookup.model("openai", "gpt-4o-mini").orElseThrow();

        // 176 × 0.15 + 1024 × 0.075 + 350 × 1.2 = 26.4 + 76.8 + 420 µ$
        assertThat(CostCalculator.price(usage, after.semantics(), after.versionAt(call)).total()).isEqualByComparingTo("0.0005232");
        assertThat(catalog.eventsToReprice(before.modelId(), call)).hasValue(0);
    }
}
