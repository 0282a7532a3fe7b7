package dev.tokentally.requests;

import java.time.Instant;
import java.util.List;

/**
 * What the Requests view narrows the log to; null fields filter nothing.
 *
 * @param errors true: failed calls only (status 400 and above), false: answered ones only, null: both
 * @param slowerThanMs calls whose latency was above this many milliseconds
 */
public record RequestFilter(Boolean errors, String model, Long apiKeyId, Long userId, String tag, Long slowerThanMs) {

    public static final RequestFilter NONE = new RequestFilter(null, null, null, null, null, null);

    public RequestFilter {
        model = model == null || model.isBlank() ? null : model.strip();
        tag = tag == null || tag.isBlank() ? null : tag.strip();
    }

    /** Where the last row of a page stands: the next page starts after it. */
    public record Cursor(Instant occurredAt, long id) {

        public static Cursor after(LoggedRequest row) {
            return new Cursor(row.occurredAt(), row.id());
        }
    }

    void appendTo(StringBuilder where, List<Object> params) {
        if (errors != null) {
            where.append(errors ? " and status >= 400" : " and status < 400");
        }
        if (model != null) {
            where.append(" and model = ?");
            params.add(model);
        }
        if (apiKeyId != null) {
            where.append(" and api_key_id = ?");
            params.add(apiKeyId);
        }
        if (userId != null) {
            where.append(" and user_id = ?");
            params.add(userId);
        }
        if (tag != null) {
            where.append(" and tags @> array[?]::text[]");
            params.add(tag);
        }
        if (slowerThanMs != null) {
            where.append(" and latency_ms > ?");
            params.add(slowerThanMs);
        }
    }
}
