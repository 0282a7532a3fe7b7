package dev.tokentally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.tokentally.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The packaged application killed with SIGKILL while eight clients record single events as fast as they
 * can: every event it acknowledged is in the ledger, and once every unanswered event is sent again to the
 * restarted application, each is in the ledger exactly once and the rollups equal the events; Acme, prepaid, has a
 * balance its entries explain, burned only by events in the ledger. Runs the jar
 * that {@code package} built, as a child process, on the run's test database.
 */
class KillDuringRecordingIT {

    private static final int CLIENTS = 8;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 1_500;
    private static final String KEY = "tt_kill_test_key";
    /** Acme's prepaid credit: less than the events before the kill cost (about EUR 0.0003 each). */
    private static final BigDecimal CREDIT = new BigDecimal("0.300000");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    @Test
    void no_acknowledged_event_is_lost_and_none_is_doubled_when_the_application_is_killed_under_load() throws Exception {
        TestDatabase.Connection database = TestDatabase.get();
        int port = freePort();
        Process first = start(database, port, "first");
        JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(database.url(), database.user(), database.password()));
        acmeIsPrepaidWithLessCreditThanTheLoadBurns(jdbc);
        CountDownLatch enough = new CountDownLatch(ACKNOWLEDGED_BEFORE_KILL);
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
        for (int client = 0; client < CLIENTS; client++) {
            int c = client;
            clients.submit(() -> {
                for (int n = 0; ; n++) {
                    String key = "kill-" + c + "-" + n;
                    sent.add(key);
                    if (!send(port, key)) {
                        return; // the application is gone
                    }
                    acknowledged.add(key);
                    enough.countDown();
                }
            });
        }
        enough.await();
        first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no graceful stop
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        List<String> recorded = jdbc.sql("select idempotency_key from usage_event where idempotency_key like 'kill-%'")
                .query(String.class).list();
        assertThat(recorded).as("every acknowledged event survived the kill").containsAll(acknowledged);

        Process second = start(database, port, "second");
        try {
            List<String> unanswered = sent.stream().filter(key -> !acknowledged.contains(key)).toList();
            for (String key : unanswered) {
                assertThat(send(port, key)).as("the restarted application answers " + key).isTrue();
            }
        } finally {
            second.destroy();
            second.waitFor();
        }

        assertThat(jdbc.sql("select count(*) from usage_event where idempotency_key like 'kill-%'").query(Long.class).single())
                .as("each event sent is in the ledger exactly once").isEqualTo(sent.size());
        assertThat(jdbc.sql("select sum(events) || ' ' || sum(total_tokens) from usage_daily").query(String.class).single())
                .as("the rollups equal the events").isEqualTo(jdbc.sql("""
                        select count(*) || ' ' || sum(input_tokens + output_tokens) from usage_event""")
                        .query(String.class).single());
        assertThat(jdbc.sql("select sum(total_tokens) from usage_month").query(Long.class).single())
                .isEqualTo(jdbc.sql("select sum(total_tokens) from usage_daily").query(Long.class).single());
        assertTheWalletIsExplainedByItsEntries(jdbc);
    }

    /**
     * Acme prepaid with a credit the load burns through before the kill. Written as SQL: the application runs in
     * another process, and its wallet service is not reachable from here (the statements are what it writes).
     */
    private static void acmeIsPrepaidWithLessCreditThanTheLoadBurns(JdbcClient jdbc) {
        long acme = jdbc.sql("select id from organization where slug = 'acme'").query(Long.class).single();
        jdbc.sql("insert into wallet (organization_id, mode, balance) values (?, 'PREPAID', ?)").params(acme, CREDIT).update();
        long grant = jdbc.sql("""
                        insert into wallet_grant (organization_id, kind, amount, remaining, idempotency_key, granted_at)
                        values (?, 'FREE', ?, ?, 'kill-test', now()) returning id""")
                .params(acme, CREDIT, CREDIT).query(Long.class).single();
        jdbc.sql("""
                        insert into wallet_entry (organization_id, grant_id, kind, amount, balance_after, idempotency_key, occurred_at)
                        values (?, ?, 'GRANT', ?, ?, 'grant:kill-test', now())""")
                .params(acme, grant, CREDIT, CREDIT).update();
    }

    /**
     * The stored balance equals the sum of the wallet's entries and of its grants' remaining amounts; credit was burned
     * only by events in the ledger, and by each of them until the credit ran out (in the event's own transaction).
     */
    private static void assertTheWalletIsExplainedByItsEntries(JdbcClient jdbc) {
        Map<String, Object> wallet = jdbc.sql("""
                        select w.balance,
                               (select sum(e.amount) from wallet_entry e where e.organization_id = w.organization_id) as rebuilt,
                               (select sum(g.remaining) from wallet_grant g where g.organization_id = w.organization_id) as grants,
                               (select -sum(e.amount) from wallet_entry e where e.kind = 'CONSUMPTION') as consumed,
                               (select count(*) from wallet_entry e where e.kind = 'CONSUMPTION'
                                and not exists (select from usage_event u where u.id = e.usage_event_id)) as without_event,
                               (select sum(round(u.billed_cost, 6)) from usage_event u
                                where u.organization_id = w.organization_id and u.idempotency_key like 'kill-%') as billed
                        from wallet w join organization o on o.id = w.organization_id where o.slug = 'acme'""")
                .query().singleRow();
        BigDecimal balance = (BigDecimal) wallet.get("balance");
        assertThat(balance).isNotNegative();
        assertThat((BigDecimal) wallet.get("rebuilt")).as("the balance rebuilt from its entries").isEqualByComparingTo(balance);
        assertThat((BigDecimal) wallet.get("grants")).as("the grants' remaining credit").isEqualByComparingTo(balance);
        assertThat((Long) wallet.get("without_event")).as("credit burned by an event the kill lost").isZero();
        assertThat((BigDecimal) wallet.get("consumed")).as("what the events burned")
                .isEqualByComparingTo(CREDIT.min((BigDecimal) wallet.get("billed")));
    }

    /** Whether the application answered the event as recorded or as a duplicate. */
    private boolean send(int port, String key) {
        String body = """
                {"idempotency_key": "%s", "provider": "openai", "model": "gpt-4o-mini", "input_tokens": 1000,
                 "output_tokens": 200, "user": "someone@example.com"}""".formatted(key);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/usage"))
                    .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201 && response.statusCode() != 200) {
                throw new IllegalStateException("Unexpected answer " + response.statusCode() + ": " + response.body());
            }
            return true;
        } catch (IOException gone) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Process start(TestDatabase.Connection database, int port, String name) throws Exception {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(file -> file.getFileName().toString().matches("tokentally-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No packaged jar in target/: run mvn package first"));
        }
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(javaCommand, "-Xmx256m", "-jar", jar.toString(), "--server.port=" + port,
                "--logging.level.root=warn")
                .redirectErrorStream(true).redirectOutput(Path.of("target", "kill-test-" + name + ".log").toFile());
        builder.environment().putAll(Map.of("DB_URL", database.url(), "DB_USER", database.user(),
                "DB_PASSWORD", database.password(), "TOKENTALLY_DEMO", "true", "TOKENTALLY_DEMO_HISTORY", "false", "TOKENTALLY_DEMO_API_KEYS", "acme:" + KEY,
                "TOKENTALLY_SECRET_KEY", "a2lsbC10ZXN0LXNlY3JldC1rZXktb2YtMzItYnl0ZXM=",
                "TOKENTALLY_API_RATE_LIMIT_PER_SECOND", "1000000", "TOKENTALLY_JOBS_ENABLED", "false"));
        Process process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive()).as("the application started (see target/kill-test-" + name + ".log)").isTrue();
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (health.body().contains("UP")) {
                    return process;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.onSpinWait();
            process.waitFor(200, TimeUnit.MILLISECONDS);
        }
        process.destroyForcibly();
        throw new IllegalStateException("The application did not start within 3 minutes");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
