package dev.tokentally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What a client reports cannot grow the metrics: only the catalog's models and providers become tag values. */
@TokentallyTest
class UsageMetricsTest {

    @Autowired
    UsageRecorder recorder;
    @Autowired
    MeterRegistry registry;
    @Autowired
    Fixtures fixtures;

    long acme;

    @BeforeEach
    void acme() {
        acme = fixtures.organization("acme");
    }

    private static ReportedCall call(String key, String provider, String model) {
        return new ReportedCall(key, provider, model, TokenCounts.of(100, 10), Attribution.of(null, null, null, null), null, Instant.now(),
                null, null, false, UsageSource.API);
    }

    /** The usage meters of acme, every name and tag combination one series. */
    private List<Meter> acmeSeries() {
        return registry.getMeters().stream().filter(meter -> meter.getId().getName().startsWith("tokentally.usage.")
                && String.valueOf(acme).equals(meter.getId().getTag("organization"))).toList();
    }

    @Test
    void five_hundred_invented_model_names_add_no_more_than_a_few_series() {
        // The registry is the whole application's: other tests' catalog models (some dated) are there already.
        java.util.Set<Meter.Id> before = acmeSeries().stream().map(Meter::getId).collect(java.util.stream.Collectors.toSet());
        List<ReportedCall> calls = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            // Invented models, invented providers, and dated snapshots of a catalog model that no catalog lists.
            calls.add(switch (i % 3) {
                case 0 -> call("m-" + i, "openai", "invented-model-" + i);
                case 1 -> call("m-" + i, "provider-" + i, "model-" + i);
                default -> call("m-" + i, "openai", "gpt-4o-mini-20" + (240101 + i));
            });
        }

        recorder.recordAll(acme, calls);

        List<Meter> added = acmeSeries().stream().filter(meter -> !before.contains(meter.getId())).toList();
        // Three provider and model pairs (openai/other, other/other, openai/gpt-4o-mini), three meters at most each.
        assertThat(added).hasSizeLessThanOrEqualTo(9);
        assertThat(added).extracting(meter -> meter.getId().getTag("model"))
                .allMatch(model -> model.equals(UsageMetrics.OTHER) || !model.contains("invented") && !model.startsWith("model-")
                        && !model.matches(".*-20\\d{6}"));
        assertThat(added).extracting(meter -> meter.getId().getTag("provider"))
                .noneMatch(provider -> provider.startsWith("provider-"));
    }

    @Test
    void a_catalog_model_keeps_its_own_tag_and_an_unknown_model_of_a_known_provider_is_other() {
        recorder.record(acme, call("known", "openai", "gpt-4o-mini"));
        recorder.record(acme, call("unknown", "openai", "gpt-imaginary"));

        assertThat(registry.find("tokentally.usage.events").tags("organization", String.valueOf(acme),
                "provider", "openai", "model", "gpt-4o-mini", "priced", "true").counter()).isNotNull();
        assertThat(registry.find("tokentally.usage.events").tags("organization", String.valueOf(acme),
                "provider", "openai", "model", UsageMetrics.OTHER, "priced", "false").counter()).isNotNull();
        assertThat(registry.find("tokentally.usage.tokens").tag("model", "gpt-imaginary").meters()).isEmpty();
    }
}
