package dev.tokentally.providersync;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Reads a provider's paged report over a window, page by page. Each page is written together with the
 * cursor that says which page comes next, in one transaction; a failure leaves the cursor at the last
 * written page, so the next run resumes there: no page is skipped, none is written twice.
 */
@Component
class PagedReader {

    /** How one endpoint is asked for a page and how a page is written. */
    interface Endpoint {
        String name();

        URI page(Instant windowStart, Instant windowEnd, String pageToken);

        void write(JsonNode page);
    }

    private record Cursor(Instant start, Instant end, String nextPage) {
    }

    private final ProviderHttp http;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    PagedReader(ProviderHttp http, JdbcClient jdbc, TransactionTemplate transaction, Clock clock) {
        this.http = http;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Reads the endpoint's pages for the account; a fresh window is the one given. Returns the pages read. */
    int read(long accountId, Endpoint endpoint, Instant freshStart, Instant freshEnd, Map<String, String> headers) {
        Cursor cursor = cursor(accountId, endpoint.name()).orElse(new Cursor(freshStart, freshEnd, null));
        String token = cursor.nextPage();
        int pages = 0;
        do {
            JsonNode page = http.get(endpoint.page(cursor.start(), cursor.end(), token), headers);
            if (!page.path("data").isArray()) {
                throw new SyncException(endpoint.name() + ": the page has no data array");
            }
            String next = page.path("has_more").asBoolean(false) && page.hasNonNull("next_page") ? page.get("next_page").asString() : null;
            transaction.executeWithoutResult(status -> {
                endpoint.write(page);
                if (next == null) {
                    jdbc.sql("delete from sync_cursor where account_id = ? and endpoint = ?").params(accountId, endpoint.name()).update();
                } else {
                    jdbc.sql("""
                                    insert into sync_cursor (account_id, endpoint, window_start, window_end, next_page, updated_at)
                                    values (?, ?, ?, ?, ?, ?) on conflict (account_id, endpoint) do update
                                    set window_start = excluded.window_start, window_end = excluded.window_end,
                                        next_page = excluded.next_page, updated_at = excluded.updated_at""")
                            .params(accountId, endpoint.name(), Timestamp.from(cursor.start()), Timestamp.from(cursor.end()), next,
                                    Timestamp.from(clock.instant()))
                            .update();
                }
            });
            token = next;
            pages++;
        } while (token != null);
        return pages;
    }

    private Optional<Cursor> cursor(long accountId, String endpoint) {
        return jdbc.sql("select window_start, window_end, next_page from sync_cursor where account_id = ? and endpoint = ?")
                .params(accountId, endpoint)
                .query((rs, row) -> new Cursor(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(), rs.getString(3)))
                .optional();
    }
}
