package dev.tokentally.usage;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import dev.tokentally.base.Money;
import dev.tokentally.organizations.OrganizationService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What served the gateway's calls this month: per connection and model (as routes spread calls over them), the calls
 * and their billed cost. A ledger read (the rollups do not keep the connection), bounded by the month and the rows.
 * The caller has established which organization may be read.
 */
@Service
@Transactional(readOnly = true)
public class ServedTotals {

    static final int MAX_ROWS = 100;

    /**
     * @param model    provider/model as the ledger names it
     * @param cost     the billed cost of the priced calls; null when none was priced
     * @param unpriced how many of the calls have no price yet (not in the cost)
     */
    public record Served(String connection, String model, long calls, Money cost, long unpriced) {
    }

    private final JdbcClient jdbc;
    private final OrganizationService organizations;
    private final Clock clock;

    ServedTotals(JdbcClient jdbc, OrganizationService organizations, Clock clock) {
        this.jdbc = jdbc;
        this.organizations = organizations;
        this.clock = clock;
    }

    /** This month in the organization's time zone, the most expensive first. */
    public List<Served> thisMonth(long organizationId) {
        ZoneId zone = organizations.locale(organizationId).zone();
        LocalDate first = LocalDate.ofInstant(clock.instant(), zone).withDayOfMonth(1);
        return jdbc.sql("""
                        select e.connection, e.provider || '/' || e.model as model, e.billed_currency,
                               sum(e.request_count) as calls, sum(e.billed_cost) as cost,
                               sum(e.request_count) filter (where e.billed_cost is null) as unpriced
                        from usage_event_current e
                        where e.organization_id = :organization and e.occurred_at >= :start and e.occurred_at < :end
                          and e.source = 'GATEWAY' and e.connection is not null and not e.cache_hit
                        group by 1, 2, 3 order by sum(e.billed_cost) desc nulls last, 1, 2, 3 limit :limit""")
                .param("organization", organizationId)
                .param("start", Timestamp.from(first.atStartOfDay(zone).toInstant()))
                .param("end", Timestamp.from(first.plusMonths(1).atStartOfDay(zone).toInstant()))
                .param("limit", MAX_ROWS)
                .query((rs, row) -> new Served(rs.getString("connection"), rs.getString("model"), rs.getLong("calls"),
                        rs.getBigDecimal("cost") == null ? null : new Money(rs.getBigDecimal("cost"), rs.getString("billed_currency")),
                        rs.getLong("unpriced")))
                .list();
    }
}
