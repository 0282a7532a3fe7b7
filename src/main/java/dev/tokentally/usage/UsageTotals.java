package dev.tokentally.usage;

import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import dev.tokentally.base.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Totals of an organization read from the daily rollups, never from the ledger itself. */
@Service
@Transactional(readOnly = true)
public class UsageTotals {

    private final JdbcClient jdbc;
    private final Clock clock;

    UsageTotals(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Today in the organization's time zone. The caller has checked who may see this organization. */
    public LiveUsage today(long organizationId) {
        Instant now = clock.instant();
        var organization = jdbc.sql("select time_zone, currency from organization where id = ?").param(organizationId)
                .query((rs, row) -> new String[] {rs.getString(1), rs.getString(2)}).single();
        LocalDate today = now.atZone(ZoneId.of(organization[0])).toLocalDate();
        return jdbc.sql("""
                        select coalesce(sum(requests), 0), coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0),
                               coalesce(sum(total_tokens), 0), coalesce(sum(billed_cost), 0), coalesce(sum(unpriced_events), 0)
                        from usage_daily where organization_id = ? and day = ?""")
                .params(organizationId, Date.valueOf(today))
                .query((rs, row) -> new LiveUsage(today, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        new Money(rs.getBigDecimal(5).stripTrailingZeros(), organization[1]), rs.getLong(6), now))
                .single();
    }

}
