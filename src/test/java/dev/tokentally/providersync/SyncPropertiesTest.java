package dev.tokentally.providersync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

class SyncPropertiesTest {

    @EnableConfigurationProperties(SyncProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner start = new ApplicationContextRunner().withUserConfiguration(Settings.class)
            .withPropertyValues("tokentally.sync.attempts=5", "tokentally.sync.backoff=2s", "tokentally.sync.timeout=30s",
                    "tokentally.sync.price-sync-cron=0 40 3 * * *", "tokentally.sync.usage-sync-every=10m",
                    "tokentally.sync.usage-window-days=7", "tokentally.sync.tolerance-percent=1");

    @Test
    void a_price_sync_schedule_that_is_no_cron_expression_stops_the_start_naming_the_setting() {
        start.run(context -> assertThat(context).hasNotFailed());

        start.withPropertyValues("tokentally.sync.price-sync-cron=every night").run(context ->
                assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage())
                        .startsWith("tokentally.sync.price-sync-cron is not a cron expression"));
    }
}
