package dev.tokentally;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.tokentally.pricing.TokenUsage;
import dev.tokentally.usage.LiveUsageBroadcaster;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.UsageReport;
import dev.tokentally.usage.UsageSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two application instances on one database, as behind a load balancer: usage recorded through one
 * reaches the live views of the other through PostgreSQL LISTEN/NOTIFY.
 */
class TwoInstancesIT {

    /** A production instance needs a secret key; this one is for this test only. */
    private static final String TEST_SECRET_KEY = "c2VjcmV0LWtleS1mb3ItdHdvLWluc3RhbmNlcy10ZXM=";

    @TempDir
    Path workDirectory;

    @Test
    void usage_recorded_on_one_instance_reaches_live_views_on_the_other() throws Exception {
        try (ConfigurableApplicationContext first = SpringApplication.run(TokentallyApplication.class,
                "--spring.datasource.url=", "--tokentally.demo=", "--tokentally.demo-history=false",
                "--tokentally.database.embedded-directory=" + workDirectory.resolve("postgres"),
                "--server.port=0", "--vaadin.devmode.devTools.enabled=false")) {
            int port = first.getBean(EmbeddedPostgres.class).getPort();
            try (ConfigurableApplicationContext second = SpringApplication.run(TokentallyApplication.class,
                    "--spring.datasource.url=jdbc:postgresql://localhost:" + port + "/postgres",
                    "--spring.datasource.username=postgres", "--tokentally.demo=false",
                    "--tokentally.secret-key=" + TEST_SECRET_KEY,
                    "--server.port=0", "--vaadin.devmode.devTools.enabled=false")) {
                long acme = first.getBean(JdbcClient.class).sql("select id from organization where slug = 'acme'")
                        .query(Long.class).single();
                CountDownLatch heard = new CountDownLatch(1);
                second.getBean(LiveUsageBroadcaster.class).subscribe(acme, heard::countDown);

                first.getBean(UsageRecorder.class).record(acme, new UsageReport("cross-instance", "openai", "gpt-4o-mini",
                        TokenUsage.of(10, 10), null, null, null, null, null, Instant.now(), null, null, false, UsageSource.API));

                assertThat(heard.await(5, TimeUnit.SECONDS)).as("the second instance heard of the usage").isTrue();
            }
        }
    }
}
