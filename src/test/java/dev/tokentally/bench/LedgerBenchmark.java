package dev.tokentally.bench;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import dev.tokentally.TokentallyApplication;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.usage.Granularity;
import dev.tokentally.reporting.GroupBy;
import dev.tokentally.reporting.ReportPeriod;
import dev.tokentally.reporting.ReportScope;
import dev.tokentally.reporting.SeriesFilter;
import dev.tokentally.reporting.UsageReports;
import dev.tokentally.usage.LiveUsageBroadcaster;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import dev.tokentally.usage.UsageTotals;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The usage ledger under load (issue #4): recording path, HTTP batch and single-event API, COPY
 * baseline, bytes per row, dashboard queries on a large ledger, event → live view latency, and the
 * application's memory under HTTP load. Run with {@code bench/run-ledger-benchmark.sh}; prints a
 * Markdown report.
 *
 * <p>Arguments: events through each write path (default 1,000,000), ledger size for the query timings
 * (default 10,000,000), path of the packaged jar (HTTP phases run it as its own process).
 */
public final class LedgerBenchmark {

    static final int ORGANIZATIONS = 1_000;
    static final int USERS_PER_ORGANIZATION = 20;
    static final int MODELS = 50;
    static final int BATCH = 1_000;

    private final SplittableRandom random = new SplittableRandom(42);
    /** Keeps idempotency keys of repeated HTTP phases apart. */
    private long run;
    private final List<String> report = new ArrayList<>();
    private JdbcClient jdbc;
    private List<String> models;

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int ledgerSize = args.length > 1 ? Integer.parseInt(args[1]) : 10_000_000;
        Path jar = args.length > 2 ? Path.of(args[2]) : null;
        new LedgerBenchmark().run(events, ledgerSize, jar);
    }

    void run(int events, int ledgerSize, Path jar) throws Exception {
        Path data = Files.createTempDirectory("tokentally-bench");
        try (ConfigurableApplicationContext app = SpringApplication.run(TokentallyApplication.class,
                "--spring.datasource.url=", "--tokentally.demo=false", "--server.port=0",
                "--tokentally.secret-key=YmVuY2htYXJrLW9ubHktc2VjcmV0LWtleS0zMmJ5dGU=",
                "--tokentally.database.embedded-directory=" + data.resolve("postgres"),
                "--logging.level.root=warn", "--spring.main.banner-mode=off", "--vaadin.devmode.devTools.enabled=false")) {
            jdbc = app.getBean(JdbcClient.class);
            line("Settings: synchronous_commit=" + setting("synchronous_commit") + ", shared_buffers="
                    + setting("shared_buffers") + ", PostgreSQL " + setting("server_version"));
            createTenants();
            recordingPath(app.getBean(UsageRecorder.class), events);
            copyBaseline(app.getBean(DataSource.class), events);
            bytesPerRow();
            if (jar != null) {
                httpPhases(jar, app.getBean(EmbeddedPostgres.class).getPort(), events);
                if (Boolean.getBoolean("bench.compareAsyncCommit")) {
                    // How much of the single-event latency is the WAL flush at commit: the same load without it.
                    jdbc.sql("alter system set synchronous_commit = off").update();
                    jdbc.sql("select pg_reload_conf()").query(Boolean.class).single();
                    line("Again with synchronous_commit=off (not the default; shows what the flush at commit costs):");
                    httpPhases(jar, app.getBean(EmbeddedPostgres.class).getPort(), events);
                    jdbc.sql("alter system reset synchronous_commit").update();
                    jdbc.sql("select pg_reload_conf()").query(Boolean.class).single();
                }
            }
            pushLatency(app.getBean(UsageRecorder.class), app.getBean(LiveUsageBroadcaster.class));
            growLedger(app.getBean(DataSource.class), ledgerSize);
            bytesPerRow();
            dashboardQueries(app.getBean(UsageTotals.class), app.getBean(UsageReports.class));
        }
        System.out.println();
        System.out.println("## Results");
        report.forEach(System.out::println);
    }

    private String setting(String name) {
        return jdbc.sql("select current_setting(?)").param(name).query(String.class).single();
    }

    private void line(String text) {
        report.add("- " + text);
        System.out.println(text);
    }

    private void createTenants() {
        long start = System.nanoTime();
        jdbc.sql("insert into exchange_rate (currency, units_per_usd, effective_date, created_by) values ('EUR', 0.92, '2000-01-01', 'bench')")
                .update();
        jdbc.sql("""
                insert into organization (name, slug, time_zone, currency, markup_percent)
                select 'Org ' || n, 'org-' || n, (array['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'])[1 + n % 4],
                       case when n % 3 = 0 then 'EUR' else 'USD' end, (n % 5) * 5
                from generate_series(1, ?) n""").param(ORGANIZATIONS).update();
        jdbc.sql("""
                insert into app_user (organization_id, email, display_name, role, password_hash)
                select o.id, 'user' || u || '@org-' || o.id || '.test', 'User ' || u, 'MEMBER', '{noop}unused'
                from organization o cross join generate_series(1, ?) u""").param(USERS_PER_ORGANIZATION).update();
        jdbc.sql("""
                insert into api_key (organization_id, name, prefix, secret_hash, created_by)
                select id, 'bench', 'bench', encode(sha256(('bench-key-' || id)::bytea), 'hex'), 'bench' from organization""")
                .update();
        models = jdbc.sql("""
                select m.name from model m join provider p on p.id = m.provider_id
                where p.code = 'openai' and m.mode = 'chat' order by m.name limit ?""").param(MODELS).query(String.class).list();
        line(String.format(Locale.ROOT, "Tenants: %,d organizations, %,d users, %d OpenAI models, API keys (%.1f s)",
                ORGANIZATIONS, ORGANIZATIONS * USERS_PER_ORGANIZATION, models.size(), seconds(start)));
    }

    private long organizationId(int n) {
        return jdbc.sql("select id from organization where slug = ?").param("org-" + n).query(Long.class).single();
    }

    private ReportedCall usage(String key, int organization) {
        int user = 1 + random.nextInt(USERS_PER_ORGANIZATION + 5);
        String model = models.get(random.nextInt(models.size()));
        TokenCounts tokens = new TokenCounts(100 + random.nextInt(4000), random.nextInt(2) == 0 ? 0 : random.nextInt(100),
                0, 0, 20 + random.nextInt(800), 0, 1);
        Instant at = Instant.now().minus(random.nextInt(60 * 24 * 20), ChronoUnit.MINUTES);
        return new ReportedCall(key, "openai", model, tokens, Attribution.of(null,
                user > USERS_PER_ORGANIZATION ? "external-" + user : "user" + user + "@org-" + organization + ".test",
                "agent-" + random.nextInt(5), "session-" + random.nextInt(1000)), null, at, null, null, false, UsageSource.API);
    }

    private void recordingPath(UsageRecorder recorder, int events) throws Exception {
        long[] organizationIds = new long[ORGANIZATIONS + 1];
        for (int n = 1; n <= ORGANIZATIONS; n++) {
            organizationIds[n] = organizationId(n);
        }
        int batches = events / BATCH;
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        runThreads(2, () -> {
            long batch;
            while ((batch = next.getAndIncrement()) < batches) {
                int organization = 1 + (int) (batch % ORGANIZATIONS);
                List<ReportedCall> reports = new ArrayList<>(BATCH);
                synchronized (random) {
                    for (int i = 0; i < BATCH; i++) {
                        reports.add(usage("rec-" + batch + "-" + i, organization));
                    }
                }
                recorder.recordAll(organizationIds[organization], reports);
            }
            return null;
        });
        double seconds = seconds(start);
        line(String.format(Locale.ROOT, "Recording path (UsageRecorder.recordAll, batches of %,d, 2 threads): %,d events in %.1f s = **%,.0f events/s** (target ≥ 25,000)",
                BATCH, batches * BATCH, seconds, batches * BATCH / seconds));
    }

    private void copyBaseline(DataSource dataSource, int events) throws Exception {
        jdbc.sql("create table usage_event_copy (like usage_event including defaults)").update();
        String rows = csvRows(events, "copy");
        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_SQL.replace("usage_event ", "usage_event_copy "),
                    new StringReader(rows));
        }
        double seconds = seconds(start);
        line(String.format(Locale.ROOT, "Plain COPY of %,d rows into a bare copy of the table (no indexes): %.1f s = %,.0f rows/s",
                events, seconds, events / seconds));
        jdbc.sql("drop table usage_event_copy").update();
    }

    private static final String COPY_SQL = """
            copy usage_event (id, organization_id, external_user, agent, session_ref, provider, model, input_tokens,
                output_tokens, request_count, raw_cost_usd, billed_cost, billed_currency, source, idempotency_key,
                occurred_at) from stdin (format csv)""";

    private String csvRows(int count, String prefix) {
        StringBuilder csv = new StringBuilder(count * 200);
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            int organization = 1 + random.nextInt(ORGANIZATIONS);
            long input = 100 + random.nextInt(4000);
            long output = 20 + random.nextInt(800);
            BigDecimal raw = BigDecimal.valueOf(input * 15 + output * 60, 8);
            csv.append(UUID.randomUUID()).append(',').append(organization).append(",external-").append(random.nextInt(25))
                    .append(",agent-").append(random.nextInt(5)).append(",session-").append(random.nextInt(1000))
                    .append(",openai,").append(models.get(random.nextInt(models.size()))).append(',').append(input)
                    .append(',').append(output).append(",1,").append(raw.toPlainString()).append(',')
                    .append(raw.toPlainString()).append(",USD,API,").append(prefix).append('-').append(i).append(',')
                    .append(now.minus(random.nextInt(60 * 24 * 90), ChronoUnit.MINUTES)).append('\n');
        }
        return csv.toString();
    }

    private void bytesPerRow() {
        var size = jdbc.sql("select count(*), pg_total_relation_size('usage_event') from usage_event")
                .query((rs, row) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        line(String.format(Locale.ROOT, "Ledger size: %,d rows, %,d MB with indexes = **%.0f bytes per row** (target ≤ 400)",
                size[0], size[1] / 1024 / 1024, (double) size[1] / size[0]));
    }

    private void httpPhases(Path jar, int databasePort, int events) throws Exception {
        run++;
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + System.getProperty("bench.appHeap", "512m")));
        String extraJvmArgs = System.getProperty("bench.appJvmArgs", "");
        if (!extraJvmArgs.isBlank()) {
            command.addAll(List.of(extraJvmArgs.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(), "--server.port=18080",
                "--spring.datasource.url=jdbc:postgresql://localhost:" + databasePort + "/postgres",
                "--spring.datasource.username=postgres", "--tokentally.demo=false",
                "--tokentally.api.rate-limit-per-second=1000000", "--logging.level.root=warn"));
        Process app = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(Path.of("target/bench-app.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            waitUntilUp(http);
            RssSampler rss = new RssSampler(app.pid());
            rss.start();
            httpBatch(http, events);
            singleEvents(events / 100);
            rss.stop();
            line(String.format(Locale.ROOT, "Application memory under the HTTP load: max RSS **%,d MB** (target ≤ 512; -Xmx%s)",
                    rss.maxKb() / 1024, System.getProperty("bench.appHeap", "512m")));
        } finally {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void waitUntilUp(HttpClient http) throws Exception {
        for (int attempt = 0; attempt < 120; attempt++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://localhost:18080/actuator/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The application did not start; see target/bench-app.log");
    }

    private String json(ReportedCall usage) {
        return "{\"idempotency_key\":\"" + usage.idempotencyKey() + "\",\"provider\":\"openai\",\"model\":\"" + usage.model()
                + "\",\"input_tokens\":" + usage.tokens().input() + ",\"output_tokens\":" + usage.tokens().output()
                + ",\"cached_input_tokens\":" + usage.tokens().cachedInput() + ",\"user\":\"" + usage.attribution().externalUser()
                + "\",\"agent\":\"" + usage.attribution().agent() + "\",\"session\":\"" + usage.attribution().session() + "\",\"occurred_at\":\""
                + usage.occurredAt() + "\"}";
    }

    private void httpBatch(HttpClient http, int events) throws Exception {
        int batches = events / BATCH;
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        runThreads(2, () -> {
            long batch;
            while ((batch = next.getAndIncrement()) < batches) {
                int organization = 1 + (int) (batch % ORGANIZATIONS);
                StringBuilder body = new StringBuilder("{\"events\":[");
                synchronized (random) {
                    for (int i = 0; i < BATCH; i++) {
                        body.append(i == 0 ? "" : ",").append(json(usage("http-" + run + "-" + batch + "-" + i, organization)));
                    }
                }
                body.append("]}");
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:18080/api/v1/usage/batch"))
                        .header("Authorization", "Bearer bench-key-" + organizationIdOf(organization))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("Batch answered " + response.statusCode() + ": " + response.body());
                }
            }
            return null;
        });
        double seconds = seconds(start);
        line(String.format(Locale.ROOT, "HTTP batch API (POST /api/v1/usage/batch, %,d events a request, 2 connections): %,d events in %.1f s = **%,.0f events/s** (target ≥ 10,000)",
                BATCH, batches * BATCH, seconds, batches * BATCH / seconds));
    }

    private final java.util.Map<Integer, Long> organizationIds = new java.util.concurrent.ConcurrentHashMap<>();

    private long organizationIdOf(int n) {
        return organizationIds.computeIfAbsent(n, this::organizationId);
    }

    private void singleEvents(int requests) throws Exception {
        int threads = 8;
        long[][] latencies = new long[threads][];
        long start = System.nanoTime();
        AtomicLong next = new AtomicLong();
        runThreads(threads, new Callable<>() {
            final AtomicLong thread = new AtomicLong();

            @Override
            public Void call() throws Exception {
                int me = (int) thread.getAndIncrement();
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                List<Long> mine = new ArrayList<>();
                long n;
                while ((n = next.getAndIncrement()) < requests) {
                    int organization = 1 + (int) (n % ORGANIZATIONS);
                    String body;
                    synchronized (random) {
                        body = json(usage("single-" + run + "-" + n, organization));
                    }
                    long t0 = System.nanoTime();
                    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:18080/api/v1/usage"))
                            .header("Authorization", "Bearer bench-key-" + organizationIdOf(organization))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() != 201) {
                        throw new IllegalStateException("Single event answered " + response.statusCode());
                    }
                    mine.add(System.nanoTime() - t0);
                }
                latencies[me] = mine.stream().mapToLong(Long::longValue).toArray();
                return null;
            }
        });
        double seconds = seconds(start);
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        line(String.format(Locale.ROOT, "Single-event HTTP (POST /api/v1/usage, 8 keep-alive connections): %,d requests in %.1f s = **%,.0f events/s** (target ≥ 4,000), latency p50 %.1f ms, p95 %.1f ms, **p99 %.1f ms** (target ≤ 20)",
                requests, seconds, requests / seconds, ms(all, 0.50), ms(all, 0.95), ms(all, 0.99)));
    }

    private void pushLatency(UsageRecorder recorder, LiveUsageBroadcaster broadcaster) throws Exception {
        long organization = organizationIdOf(1);
        int samples = 200;
        long[] latencies = new long[samples];
        for (int i = 0; i < samples; i++) {
            CountDownLatch heard = new CountDownLatch(1);
            var subscription = broadcaster.subscribe(organization, heard::countDown);
            ReportedCall usage;
            synchronized (random) {
                usage = usage("push-" + i, 1);
            }
            long t0 = System.nanoTime();
            recorder.record(organization, usage);
            if (!heard.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("No notification within 5 s");
            }
            latencies[i] = System.nanoTime() - t0;
            subscription.cancel();
        }
        Arrays.sort(latencies);
        line(String.format(Locale.ROOT, "Recorded event → live view notified (LISTEN/NOTIFY, %d samples): p50 %.1f ms, **p95 %.1f ms** (target ≤ 500), p99 %.1f ms",
                samples, ms(latencies, 0.50), ms(latencies, 0.95), ms(latencies, 0.99)));
    }

    private void growLedger(DataSource dataSource, int ledgerSize) throws Exception {
        long have = jdbc.sql("select count(*) from usage_event").query(Long.class).single();
        long start = System.nanoTime();
        int chunk = 1_000_000;
        long added = 0;
        while (have + added < ledgerSize) {
            int rows = (int) Math.min(chunk, ledgerSize - have - added);
            String csv = csvRows(rows, "bulk" + added);
            try (Connection connection = dataSource.getConnection()) {
                connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_SQL, new StringReader(csv));
            }
            added += rows;
            System.out.printf(Locale.ROOT, "ledger: %,d rows%n", have + added);
        }
        // Rollups of the bulk-loaded rows, as the recording path would have written them.
        jdbc.sql("delete from usage_daily").update();
        jdbc.sql("""
                insert into usage_daily (organization_id, day, user_key, provider, model, agent, source, requests, input_tokens,
                    cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, total_tokens, events,
                    unpriced_events, raw_cost_usd, billed_cost)
                select e.organization_id, (e.occurred_at at time zone o.time_zone)::date,
                       coalesce('user:' || e.user_id, 'external:' || e.external_user, ''), e.provider, e.model,
                       coalesce(e.agent, ''), e.source, sum(e.request_count), sum(e.input_tokens), sum(e.cached_input_tokens),
                       sum(e.cache_write_5m_tokens + e.cache_write_1h_tokens), sum(e.output_tokens), sum(e.reasoning_tokens),
                       sum(e.input_tokens + e.output_tokens), count(*), count(*) filter (where e.billed_cost is null),
                       coalesce(sum(e.raw_cost_usd), 0), coalesce(sum(e.billed_cost), 0)
                from usage_event e join organization o on o.id = e.organization_id
                group by 1, 2, 3, 4, 5, 6, 7""").update();
        jdbc.sql("analyze").update();
        long rollups = jdbc.sql("select count(*) from usage_daily").query(Long.class).single();
        line(String.format(Locale.ROOT, "Grew the ledger to %,d events by COPY and rebuilt %,d rollup rows in %.0f s",
                ledgerSize, rollups, seconds(start)));
    }

    private void dashboardQueries(UsageTotals totals, UsageReports reports) {
        int samples = 300;
        time("Dashboard \"today\"", samples, n -> totals.today(organizationIdOf(n), null));
        time("Dashboard \"month to date\"", samples, n -> totals.monthToDate(organizationIdOf(n), null));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        time("Dashboard 90-day series by model", samples, n -> reports.costSeries(ReportScope.organization(organizationIdOf(n)),
                new ReportPeriod(today.minusDays(89), today), Granularity.DAY, GroupBy.MODEL, SeriesFilter.none()));
        time("Dashboard top-5 users this month", samples, n -> totals.topThisMonth(organizationIdOf(n), null,
                UsageTotals.Dimension.USER, 5));
    }

    private void time(String what, int samples, java.util.function.IntConsumer query) {
        long[] latencies = new long[samples];
        for (int i = 0; i < samples; i++) {
            int organization = 1 + random.nextInt(ORGANIZATIONS);
            long t0 = System.nanoTime();
            query.accept(organization);
            latencies[i] = System.nanoTime() - t0;
        }
        Arrays.sort(latencies);
        line(String.format(Locale.ROOT, "%s (%d random organizations): p50 %.1f ms, **p95 %.1f ms** (target ≤ 50), p99 %.1f ms",
                what, samples, ms(latencies, 0.50), ms(latencies, 0.95), ms(latencies, 0.99)));
    }

    private static void runThreads(int threads, Callable<Void> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Void>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(work));
        }
        for (Future<Void> future : futures) {
            future.get();
        }
        pool.shutdown();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double ms(long[] sortedNanos, double quantile) {
        return sortedNanos[Math.min(sortedNanos.length - 1, (int) (sortedNanos.length * quantile))] / 1e6;
    }

    /** Samples a process's resident memory from /proc until stopped. */
    private static final class RssSampler {
        private final long pid;
        private volatile boolean running;
        private volatile long maxKb;
        private Thread thread;

        RssSampler(long pid) {
            this.pid = pid;
        }

        void start() {
            running = true;
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (running) {
                    try {
                        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                            if (line.startsWith("VmRSS:")) {
                                maxKb = Math.max(maxKb, Long.parseLong(line.replaceAll("\\D", "")));
                            }
                        }
                        Thread.sleep(250);
                    } catch (IOException | InterruptedException | NumberFormatException stop) {
                        return;
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long maxKb() {
            return maxKb;
        }
    }

}
