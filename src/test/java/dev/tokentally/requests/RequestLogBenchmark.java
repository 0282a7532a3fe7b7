package dev.tokentally.requests;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import dev.tokentally.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Issue 29: the Requests view's queries against a request log of one organization with a million rows (and another
 * organization's beside it): the first page, a page deep in the log read by key, and filtered pages, each timed many
 * times after a warm-up. Not a test: run by {@code bench/run-request-log-benchmark.sh}; prints Markdown.
 *
 * <p>Arguments: rows (default 1,000,000), page size (default 50), samples per query (default 50).
 */
public final class RequestLogBenchmark {

    private RequestLogBenchmark() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int pageSize = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        TestDatabase.Connection db = TestDatabase.get();
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(db.url(), db.user(), db.password()));
        long organization = jdbc.queryForObject("""
                insert into organization (name, slug, time_zone, currency) values ('Bench', 'bench', 'Europe/Berlin', 'EUR')
                returning id""", Long.class);
        long other = jdbc.queryForObject("""
                insert into organization (name, slug, time_zone, currency) values ('Other', 'other', 'UTC', 'EUR') returning id""",
                Long.class);
        long loadStart = System.nanoTime();
        fill(jdbc, organization, rows, Instant.parse("2026-12-07T00:00:00Z"));
        fill(jdbc, other, rows / 10, Instant.parse("2026-12-07T00:00:00Z"));
        jdbc.execute("vacuum analyze request_log");
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

        RequestLogStore store = new RequestLogStore(jdbc);
        RequestFilter.Cursor deep = cursorAt(jdbc, organization, rows / 2, "");
        RequestFilter.Cursor deepError = cursorAt(jdbc, organization, rows / 200, " and status >= 400");
        RequestFilter errors = new RequestFilter(true, null, null, null, null, null);
        RequestFilter model = new RequestFilter(null, "claude-sonnet-4-5", null, null, null, null);
        RequestFilter slow = new RequestFilter(null, null, null, null, null, 5_000L);
        RequestFilter keyAndSlow = new RequestFilter(null, null, 7L, null, null, 2_000L);

        System.out.printf(Locale.ENGLISH, "Request log of %,d rows for one organization (+%,d of another), %s PostgreSQL, "
                + "loaded and analyzed in %.0f s; %d samples per query after %d warm-up, page of %d rows.%n%n",
                rows, rows / 10, db.kind(), loadSeconds, samples, samples / 5, pageSize);
        System.out.println("| page | rows | median ms | p95 ms | max ms |");
        System.out.println("| --- | ---: | ---: | ---: | ---: |");
        time("first page, newest first", samples, () -> store.page(organization, RequestFilter.NONE, null, pageSize));
        time("page after row " + String.format(Locale.ENGLISH, "%,d", rows / 2) + " (keyset)", samples,
                () -> store.page(organization, RequestFilter.NONE, deep, pageSize));
        time("errors only, first page", samples, () -> store.page(organization, errors, null, pageSize));
        time("errors only, page after error " + String.format(Locale.ENGLISH, "%,d", rows / 200), samples,
                () -> store.page(organization, errors, deepError, pageSize));
        time("one model, first page", samples, () -> store.page(organization, model, null, pageSize));
        time("slower than 5,000 ms, first page", samples, () -> store.page(organization, slow, null, pageSize));
        time("one key and slower than 2,000 ms, first page", samples, () -> store.page(organization, keyAndSlow, null, pageSize));
        time("one call in full (detail)", samples, () -> store.find(organization, rows / 3).stream().toList());
    }

    /** One row a second going back from {@code newest}: 8 models, ~2 % errors, latencies up to ~6 s, 20 keys. */
    private static void fill(JdbcTemplate jdbc, long organization, int rows, Instant newest) {
        jdbc.update("""
                insert into request_log (occurred_at, organization_id, api_key_id, model, connection, wire_format, endpoint,
                    status, error_code, error_message, latency_ms, ttft_ms, input_tokens, output_tokens, cost, currency,
                    usage_event_id, streamed)
                select ?::timestamptz - make_interval(secs => i), ?, 1 + i % 20,
                       (array['gpt-4o-mini','gpt-4o','claude-sonnet-4-5','claude-haiku-4-5','gemini-2.5-flash',
                              'gemini-2.5-pro','o4-mini','demo-mini'])[1 + i % 8],
                       'openai', 'chat_completions', '/v1/chat/completions',
                       case when i % 50 = 0 then 429 when i % 97 = 0 then 500 else 200 end,
                       case when i % 50 = 0 then 'budget_exceeded' when i % 97 = 0 then 'provider_error' end,
                       case when i % 50 = 0 then 'Over budget' when i % 97 = 0 then 'The server had an error' end,
                       50 + (i::bigint * 7919) % 6000, case when i % 2 = 0 then 20 + (i::bigint * 31) % 900 end,
                       100 + i % 5000, 10 + i % 800, 0.000123 * (1 + i % 100), 'EUR', gen_random_uuid(), i % 2 = 0
                from generate_series(1, ?) as i""", Timestamp.from(newest), organization, rows);
    }

    private static RequestFilter.Cursor cursorAt(JdbcTemplate jdbc, long organization, int offset, String where) {
        return jdbc.queryForObject("select occurred_at, id from request_log where organization_id = ?" + where
                        + " order by occurred_at desc, id desc offset ? limit 1",
                (rs, n) -> new RequestFilter.Cursor(rs.getTimestamp(1).toInstant(), rs.getLong(2)), organization, offset);
    }

    private static void time(String name, int samples, Supplier<List<LoggedRequest>> page) {
        int found = 0;
        for (int i = 0; i < samples / 5; i++) {
            found = page.get().size();
        }
        double[] millis = new double[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            found = page.get().size();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf(Locale.ENGLISH, "| %s | %d | %.1f | %.1f | %.1f |%n", name, found, millis[samples / 2],
                millis[(int) Math.ceil(samples * 0.95) - 1], millis[samples - 1]);
    }
}
