package dev.tokentally.reporting.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import dev.tokentally.base.CallTags;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.ViewTest;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithUserDetails;

/** The dashboard splits the range's cost by the values of a tag key, of all calls or of the calls with another tag. */
class DashboardTagsViewTest extends ViewTest {

    @Autowired
    UsageRecorder recorder;
    @Autowired
    Fixtures fixtures;

    @BeforeEach
    void taggedUsage() {
        long acme = fixtures.organization("acme");
        record(acme, "t1", TokenCounts.of(1000, 500), Map.of("project", "atlas", "env", "prod"));
        record(acme, "t2", TokenCounts.of(2000, 1000), Map.of("project", "atlas", "env", "dev"));
        record(acme, "t3", TokenCounts.of(100, 100), Map.of());
    }

    private void record(long acme, String key, TokenCounts tokens, Map<String, String> tags) {
        recorder.record(acme, new ReportedCall(key, "openai", "gpt-4o-mini", tokens, Attribution.of(null, "app", null, null),
                null, Instant.now(), null, null, false, UsageSource.API).withTags(CallTags.of(tags)));
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_splits_cost_by_a_tag_key_and_narrows_it_to_a_tag() {
        DashboardView view = navigate(DashboardView.class);
        assertThat(test(view.tags.values).size()).isZero();

        test(view.tags.key).setValue("project");

        assertThat(test(view.tags.values).size()).isEqualTo(2);
        assertThat(test(view.tags.values).getCellText(0, 0)).isEqualTo("atlas");
        assertThat(test(view.tags.values).getCellText(0, 1)).isEqualTo("2");
        assertThat(test(view.tags.values).getCellText(0, 2)).isEqualTo("4,500");
        assertThat(test(view.tags.values).getCellText(1, 0)).isEqualTo("(none)");
        assertThat(test(view.tags.values).getCellText(1, 1)).isEqualTo("1");

        test(view.tags.only).setValue("env=dev");
        assertThat(test(view.tags.values).size()).isEqualTo(1);
        assertThat(test(view.tags.values).getCellText(0, 2)).isEqualTo("3,000");

        test(view.tags.key).setValue("pro ject");
        assertThat(view.tags.problem.getText()).contains("Tag key 'pro ject' is not valid");
        assertThat(test(view.tags.values).size()).isZero();
    }
}
