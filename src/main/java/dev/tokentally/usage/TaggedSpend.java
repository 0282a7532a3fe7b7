package dev.tokentally.usage;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import dev.tokentally.base.CallTags;
import dev.tokentally.organizations.OrganizationService;
import org.springframework.stereotype.Service;

/**
 * What the calls carrying one tag have cost, read from the ledger (with corrections): the rollups have no tag
 * dimension, tags being free-form. The GIN index on the tags finds the tagged events, the organization's time index
 * bounds them to the days, so a tag budget's check reads only that tag's events of its period.
 */
@Service
public class TaggedSpend {

    private final OrganizationService organizations;

    TaggedSpend(OrganizationService organizations) {
        this.organizations = organizations;
    }

    /**
     * The billed cost of the organization's events tagged {@code key=value} on the days (in its time zone, both
     * included), as a scalar subquery; its parameters are named organization, tagStart, tagEnd and tagged.
     */
    public UsageTotals.Subquery spentSubquery(long organizationId, String key, String value, LocalDate from, LocalDate to) {
        ZoneId zone = organizations.locale(organizationId).zone();
        return new UsageTotals.Subquery("""
                select coalesce(sum(e.billed_cost), 0) from usage_event_current e
                where e.organization_id = :organization and e.id in (
                    select t.id from usage_event t
                    where t.organization_id = :organization and t.occurred_at >= :tagStart and t.occurred_at < :tagEnd
                      and t.tags @> cast(:tagged as jsonb))""", Map.of("organization", organizationId,
                "tagStart", Timestamp.from(from.atStartOfDay(zone).toInstant()),
                "tagEnd", Timestamp.from(to.plusDays(1).atStartOfDay(zone).toInstant()),
                "tagged", new CallTags(Map.of(key, value)).json()));
    }
}
