package dev.tokentally.usage;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import dev.tokentally.base.CallTags;
import dev.tokentally.base.Money;
import dev.tokentally.organizations.OrganizationService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Usage split by the values of one tag key ({@code project}: atlas, borealis, and {@link #NONE} for the events without
 * it), read from the ledger with its corrections: tags are free-form, so the rollups have no dimension for them. The
 * read is bounded by the filter's days through the organization's time index; the caller has established which
 * organization may be read.
 */
@Service
@Transactional(readOnly = true)
public class TagTotals {

    /** The group of the events that do not carry the key; no tag value can be written like it. */
    public static final String NONE = "(none)";

    private final JdbcClient jdbc;
    private final UsageEvents events;
    private final OrganizationService organizations;

    TagTotals(JdbcClient jdbc, UsageEvents events, OrganizationService organizations) {
        this.jdbc = jdbc;
        this.events = events;
        this.organizations = organizations;
    }

    /** Per bucket and value of the key, the events' requests, tokens (input and output) and billed cost. */
    public List<SeriesPoint> series(long organizationId, EventFilter filter, String key, Granularity granularity) {
        Map.Entry<String, String> checked = CallTags.pair(key + "=x");
        ZoneId zone = organizations.locale(organizationId).zone();
        return jdbc.sql("""
                        select date_trunc('%s', e.occurred_at at time zone cast(:zone as text))::date,
                               coalesce(t.tags ->> cast(:key as text), '%s'), sum(e.request_count),
                               sum(e.input_tokens + e.output_tokens), coalesce(sum(e.billed_cost), 0)
                        from usage_event_current e join usage_event t on t.id = e.id
                        %s
                        group by 1, 2 order by 1, 2""".formatted(granularity.name().toLowerCase(), NONE, UsageEvents.CONDITIONS))
                .params(events.params(organizationId, filter)).param("zone", zone.getId()).param("key", checked.getKey())
                .query((rs, row) -> new SeriesPoint(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getBigDecimal(5).stripTrailingZeros()))
                .list();
    }

    /** How many of the filter's events are unpriced (counted on a statement, never charged). */
    public long unpriced(long organizationId, EventFilter filter) {
        EventFilter unpriced = new EventFilter(filter.from(), filter.to(), filter.user(), filter.model(), filter.agent(),
                filter.source(), true, filter.team(), filter.apiKey(), filter.withinTeams(), filter.tags());
        return events.count(organizationId, unpriced);
    }

    /** Per value of the key over the filter's days, most expensive first. */
    public List<TopEntry> breakdown(long organizationId, EventFilter filter, String key) {
        Map.Entry<String, String> checked = CallTags.pair(key + "=x");
        String currency = organizations.locale(organizationId).currency();
        return jdbc.sql("""
                        select coalesce(t.tags ->> cast(:key as text), '%s'), sum(e.request_count),
                               sum(e.input_tokens + e.output_tokens), coalesce(sum(e.billed_cost), 0)
                        from usage_event_current e join usage_event t on t.id = e.id
                        %s
                        group by 1 order by 4 desc, 1""".formatted(NONE, UsageEvents.CONDITIONS))
                .params(events.params(organizationId, filter)).param("key", checked.getKey())
                .query((rs, row) -> new TopEntry(rs.getString(1), rs.getLong(2), rs.getLong(3),
                        new Money(rs.getBigDecimal(4).stripTrailingZeros(), currency)))
                .list();
    }
}
