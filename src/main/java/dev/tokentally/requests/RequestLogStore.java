package dev.tokentally.requests;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.tokentally.pricing.TokenCounts;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The request_log table: batch inserts, keyset pages, one row in full, deletes by age. */
@Component
class RequestLogStore {

    private static final String COLUMNS = """
            id, occurred_at, organization_id, api_key_id, user_id, agent_name, model, connection, wire_format, endpoint,
            status, error_code, error_message, latency_ms, ttft_ms, input_tokens, cached_input_tokens, cache_write_tokens,
            output_tokens, reasoning_tokens, cost, currency, cache_hit, tags, usage_event_id, streamed""";

    private final JdbcTemplate jdbc;

    RequestLogStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(List<LoggedRequest> batch) {
        jdbc.batchUpdate("""
                insert into request_log (occurred_at, organization_id, api_key_id, user_id, agent_name, model, connection,
                    wire_format, endpoint, status, error_code, error_message, latency_ms, ttft_ms, input_tokens,
                    cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost, currency, tags,
                    usage_event_id, streamed, cache_hit, request_body, response_body)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", batch, batch.size(),
                (statement, row) -> bind(statement, row));
    }

    private static void bind(PreparedStatement s, LoggedRequest row) throws SQLException {
        int i = 1;
        s.setTimestamp(i++, Timestamp.from(row.occurredAt()));
        s.setLong(i++, row.organizationId());
        s.setObject(i++, row.caller().apiKeyId(), Types.BIGINT);
        s.setObject(i++, row.caller().userId(), Types.BIGINT);
        s.setString(i++, bounded(row.caller().agentName(), 200));
        s.setString(i++, bounded(row.route().model(), 200));
        s.setString(i++, bounded(row.route().connection(), 200));
        s.setString(i++, bounded(row.route().wireFormat(), 200));
        s.setString(i++, bounded(row.route().endpoint(), 200));
        s.setInt(i++, row.outcome().status());
        s.setString(i++, bounded(row.outcome().errorCode(), 100));
        s.setString(i++, bounded(row.outcome().errorMessage(), 1000));
        s.setLong(i++, row.timing().latencyMs());
        s.setObject(i++, row.timing().ttftMs(), Types.BIGINT);
        TokenCounts tokens = row.tokens();
        s.setLong(i++, tokens.input());
        s.setLong(i++, tokens.cachedInput());
        s.setLong(i++, row.cacheWriteTokens());
        s.setLong(i++, tokens.output());
        s.setLong(i++, tokens.reasoning());
        s.setBigDecimal(i++, row.billing().cost());
        s.setString(i++, row.billing().currency());
        Array tags = s.getConnection().createArrayOf("text", row.tags().stream().map(tag -> bounded(tag, 100)).toArray());
        s.setArray(i++, tags);
        s.setObject(i++, row.billing().usageEventId(), Types.OTHER);
        s.setBoolean(i++, row.timing().streamed());
        s.setBoolean(i++, row.cacheHit());
        s.setString(i++, row.bodies() == null ? null : row.bodies().request());
        s.setString(i, row.bodies() == null ? null : row.bodies().response());
    }

    /** Blank is none; over-long text is cut to what its column holds (a label from a client is bounded, never refused). */
    private static String bounded(String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.length() > max ? value.substring(0, max) : value;
    }

    /** The page after {@code after} (null: the newest), newest first, without bodies. */
    List<LoggedRequest> page(long organizationId, RequestFilter filter, RequestFilter.Cursor after, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder("organization_id = ?");
        params.add(organizationId);
        filter.appendTo(where, params);
        if (after != null) {
            where.append(" and (occurred_at, id) < (?, ?)");
            params.add(Timestamp.from(after.occurredAt()));
            params.add(after.id());
        }
        params.add(limit);
        return jdbc.query("select " + COLUMNS + ", null as request_body, null as response_body from request_log where " + where
                + " order by occurred_at desc, id desc limit ?", RequestLogStore::row, params.toArray());
    }

    Optional<LoggedRequest> find(long organizationId, long id) {
        return jdbc.query("select " + COLUMNS + ", request_body, response_body from request_log where organization_id = ? and id = ?",
                RequestLogStore::row, organizationId, id).stream().findFirst();
    }

    int deleteBefore(Instant cutoff, int limit) {
        return jdbc.update("delete from request_log where id in (select id from request_log where occurred_at < ? limit ?)",
                Timestamp.from(cutoff), limit);
    }

    int clearBodies(long organizationId, Instant cutoff) {
        return jdbc.update("""
                update request_log set request_body = null, response_body = null
                where organization_id = ? and occurred_at < ? and (request_body is not null or response_body is not null)""",
                organizationId, Timestamp.from(cutoff));
    }

    private static LoggedRequest row(ResultSet rs, int rowNum) throws SQLException {
        String request = rs.getString("request_body");
        String response = rs.getString("response_body");
        String[] tags = (String[]) rs.getArray("tags").getArray();
        return new LoggedRequest(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getLong("organization_id"),
                new LoggedRequest.Caller(rs.getObject("api_key_id", Long.class), rs.getObject("user_id", Long.class),
                        rs.getString("agent_name")),
                new LoggedRequest.Route(rs.getString("model"), rs.getString("connection"), rs.getString("wire_format"),
                        rs.getString("endpoint")),
                new LoggedRequest.Outcome(rs.getInt("status"), rs.getString("error_code"), rs.getString("error_message")),
                new LoggedRequest.Timing(rs.getLong("latency_ms"), rs.getObject("ttft_ms", Long.class), rs.getBoolean("streamed")),
                new TokenCounts(rs.getLong("input_tokens"), rs.getLong("cached_input_tokens"), rs.getLong("cache_write_tokens"), 0,
                        rs.getLong("output_tokens"), rs.getLong("reasoning_tokens"), 1),
                new LoggedRequest.Billing(rs.getObject("usage_event_id", UUID.class), rs.getBigDecimal("cost"), rs.getString("currency")),
                rs.getBoolean("cache_hit"), List.of(tags),
                request == null && response == null ? null : new LoggedRequest.Bodies(request, response));
    }
}
