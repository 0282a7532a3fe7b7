package dev.tokentally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.usage.LiveUsageBroadcaster;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two application instances on one database, as behind a load balancer: usage recorded through one
 * reaches the live views of the other, and a change made through one reaches the other's caches, through
 * PostgreSQL LISTEN/NOTIFY.
 */
class TwoInstancesIT {

    /** A production instance needs a secret key; this one is for this test only. */
    private static final String TEST_SECRET_KEY = "c2VjcmV0LWtleS1mb3ItdHdvLWluc3RhbmNlcy10ZXM=";

    @TempDir
    static Path workDirectory;
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static long acme;

    @BeforeAll
    static void twoInstances() throws Exception {
        first = SpringApplication.run(TokentallyApplication.class,
                "--spring.datasource.url=", "--tokentally.demo=", "--tokentally.demo-history=false",
                "--tokentally.database.embedded-directory=" + workDirectory.resolve("postgres"),
                "--server.port=0", "--vaadin.devmode.devTools.enabled=false");
        int port = first.getBean(EmbeddedPostgres.class).getPort();
        second = SpringApplication.run(TokentallyApplication.class,
                "--spring.datasource.url=jdbc:postgresql://localhost:" + port + "/postgres",
                "--spring.datasource.username=postgres", "--tokentally.demo=false",
                "--tokentally.secret-key=" + TEST_SECRET_KEY,
                "--server.port=0", "--vaadin.devmode.devTools.enabled=false");
        acme = jdbc().sql("select id from organization where slug = 'acme'").query(Long.class).single();
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    private static JdbcClient jdbc() {
        return first.getBean(JdbcClient.class);
    }

    @Test
    void usage_recorded_on_one_instance_reaches_live_views_on_the_other() throws Exception {
        CountDownLatch heard = new CountDownLatch(1);
        second.getBean(LiveUsageBroadcaster.class).subscribe(acme, heard::countDown);

        first.getBean(UsageRecorder.class).record(acme, new ReportedCall("cross-instance", "openai", "gpt-4o-mini",
                TokenCounts.of(10, 10), Attribution.of(null, null, null, null), null, Instant.now(), null, null, false, UsageSource.API));

        assertThat(heard.await(5, TimeUnit.SECONDS)).as("the second instance heard of the usage").isTrue();
    }

    @Test
    void a_key_revoked_through_one_instance_is_refused_by_the_other_within_a_second() throws Exception {
        String secret = "tt_two_instances_key";
        jdbc().sql("insert into api_key (organization_id, name, prefix, secret_hash, created_by) values (?, 'k', 'tt_two_i', ?, 'test')")
                .params(acme, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8))))
                .update();
        ApiKeys otherInstance = second.getBean(ApiKeys.class);
        assertThat(otherInstance.authenticate(secret)).as("known, and now in the other instance's cache").isPresent();

        jdbc().sql("update api_key set revoked_at = now() where prefix = 'tt_two_i'").update();

        await().atMost(Duration.ofSeconds(1)).until(() -> otherInstance.authenticate(secret).isEmpty());
    }

    @Test
    void a_new_price_added_through_one_instance_applies_on_the_other_within_a_second() {
        PriceLookup otherInstance = second.getBean(PriceLookup.class);
        Instant now = Instant.now();
        long before = otherInstance.model("openai", "gpt-4o-mini").orElseThrow().versionAt(now).id();

        long added = jdbc().sql("""
                        insert into model_price (model_id, effective_from, input, output, source, created_by)
                        select model_id, ?, 0.3, 1.2, 'MANUAL', 'test' from model_price where id = ? returning id""")
                .params(Timestamp.from(now.minusSeconds(1)), before).query(Long.class).single();

        await().atMost(Duration.ofSeconds(1))
                .until(() -> otherInstance.model("openai", "gpt-4o-mini").orElseThrow().versionAt(now).id() == added);
    }
}
