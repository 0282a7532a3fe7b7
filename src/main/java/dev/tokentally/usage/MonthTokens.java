package dev.tokentally.usage;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The organization's tokens per month ({@code usage_month}), always the sum of the month's rollups. A
 * recording locks the rows of its months first: it is the lock that orders concurrent recordings of one
 * organization, for their volume tiers and their duplicate checks alike. The recording's own statement adds its
 * tokens ({@link LedgerStore#write}).
 */
@Repository
class MonthTokens {

    private final JdbcTemplate jdbc;

    MonthTokens(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The months' tokens so far, and the rows of the query that ran once their locks were held. */
    record Locked<T>(Map<LocalDate, Long> months, List<T> rows) {
    }

    /**
     * Locks the months' rows (created at zero when new) until the transaction ends and, in the same round trip,
     * runs {@code query} with its {@code params}: PostgreSQL takes that query's snapshot only when it starts, after
     * the locks are held, so it sees everything the recording that held them before has committed.
     */
    <T> Locked<T> lockThen(long organizationId, Collection<LocalDate> months, String query, Object[] params,
                           RowMapper<T> rows) {
        return jdbc.execute((Connection connection) -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    insert into usage_month as m (organization_id, month, total_tokens)
                    select ?, month, 0 from unnest(?::date[]) as u(month) order by month
                    on conflict (organization_id, month) do update set total_tokens = m.total_tokens
                    returning month, total_tokens;
                    """ + query)) {
                statement.setLong(1, organizationId);
                statement.setArray(2, connection.createArrayOf("date", months.stream().sorted().map(Date::valueOf).toArray()));
                for (int i = 0; i < params.length; i++) {
                    statement.setObject(3 + i, params[i]);
                }
                statement.execute();
                Map<LocalDate, Long> totals = new HashMap<>();
                try (ResultSet locked = statement.getResultSet()) {
                    while (locked.next()) {
                        totals.put(locked.getDate(1).toLocalDate(), locked.getLong(2));
                    }
                }
                List<T> found = new ArrayList<>();
                if (statement.getMoreResults()) {
                    try (ResultSet result = statement.getResultSet()) {
                        while (result.next()) {
                            found.add(rows.mapRow(result, found.size()));
                        }
                    }
                }
                return new Locked<>(totals, found);
            }
        });
    }

    /** The month's tokens, unlocked: for re-pricing, which needs no order among recordings. */
    long read(long organizationId, LocalDate month) {
        return jdbc.queryForObject("select coalesce(sum(total_tokens), 0) from usage_month where organization_id = ? and month = ?",
                Long.class, organizationId, Date.valueOf(month));
    }
}
