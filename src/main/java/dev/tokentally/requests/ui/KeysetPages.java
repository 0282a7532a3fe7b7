package dev.tokentally.requests.ui;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.tokentally.requests.LoggedRequest;
import dev.tokentally.requests.RequestFilter;
import dev.tokentally.requests.RequestLogQueries;

/**
 * The grid asks for rows by offset; the log is read by key (after the row before): each row's position is remembered
 * with its key, so that the next page starts from an index however deep it is. A jump past what was read walks there
 * page by page, still by key.
 */
final class KeysetPages {

    interface Source {
        List<LoggedRequest> after(RequestFilter.Cursor cursor, int limit);
    }

    private final TreeMap<Integer, RequestFilter.Cursor> cursors = new TreeMap<>();

    List<LoggedRequest> fetch(Source source, int offset, int limit) {
        RequestFilter.Cursor after = null;
        int from = 0;
        Map.Entry<Integer, RequestFilter.Cursor> known = offset > 0 ? cursors.floorEntry(offset - 1) : null;
        if (known != null) {
            after = known.getValue();
            from = known.getKey() + 1;
        }
        while (from < offset) {
            List<LoggedRequest> skipped = source.after(after, Math.min(RequestLogQueries.MAX_PAGE, offset - from));
            if (skipped.isEmpty()) {
                return List.of();
            }
            remember(from, skipped);
            from += skipped.size();
            after = RequestFilter.Cursor.after(skipped.getLast());
        }
        List<LoggedRequest> page = source.after(after, limit);
        remember(offset, page);
        return page;
    }

    void reset() {
        cursors.clear();
    }

    private void remember(int offset, List<LoggedRequest> rows) {
        for (int i = 0; i < rows.size(); i++) {
            cursors.put(offset + i, RequestFilter.Cursor.after(rows.get(i)));
        }
    }
}
