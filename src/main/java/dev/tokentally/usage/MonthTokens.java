package dev.tokentally.usage;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The organization's tokens per month ({@code usage_month}), always the sum of the month's rollups. A
 * recording locks the rows of its months first: it is the lock that orders concurrent recordings of one
 * organization, for their volume tiers and their duplicate checks alike. The recording's own statement adds its
 * tokens ({@link UsageLedger#write}).
 */
@Repository
class MonthTokens {

    private final JdbcClient jdbc;

    MonthTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the months' rows (created at zero when new) until the transaction ends; returns their tokens so far. */
    Map<LocalDate, Long> lock(long organizationId, Collection<LocalDate> months) {
        Map<LocalDate, Long> totals = new HashMap<>();
        jdbc.sql("""
                        insert into usage_month as m (organization_id, month, total_tokens)
                        select ?, month, 0 from unnest(?::date[]) as u(month) order by month
                        on conflict (organization_id, month) do update set total_tokens = m.total_tokens
                        returning month, total_tokens""")
                .params(organizationId, months.stream().sorted().map(Date::valueOf).toArray(Date[]::new))
                .query((rs, row) -> totals.put(rs.getDate(1).toLocalDate(), rs.getLong(2))).list();
        return totals;
    }

    /** The month's tokens, unlocked: for re-pricing, which needs no order among recordings. */
    long read(long organizationId, LocalDate month) {
        return jdbc.sql("select coalesce(sum(total_tokens), 0) from usage_month where organization_id = ? and month = ?")
                .params(organizationId, Date.valueOf(month)).query(Long.class).single();
    }
}
