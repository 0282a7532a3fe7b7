package dev.tokentally.reporting;

import java.util.List;
import java.util.Optional;

import dev.tokentally.accounts.MemberDirectory;
import dev.tokentally.base.CallTags;
import dev.tokentally.usage.EventFilter;
import dev.tokentally.usage.Granularity;
import dev.tokentally.usage.SeriesPoint;
import dev.tokentally.usage.TagTotals;
import dev.tokentally.usage.TopEntry;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Usage within a {@link ReportScope} split by the values of one tag key, and narrowed to tagged calls. */
@Service
@Transactional(readOnly = true)
public class TagReports {

    private final TagTotals totals;
    private final MemberDirectory members;

    TagReports(TagTotals totals, MemberDirectory members) {
        this.totals = totals;
        this.members = members;
    }

    /** Per bucket and value of {@code key}; events without it in {@link TagTotals#NONE}. */
    public List<SeriesPoint> series(ReportScope scope, ReportPeriod period, SeriesFilter filter, CallTags required, String key,
                                    Granularity granularity) {
        return eventFilter(scope, filter, period, required)
                .map(events -> totals.series(scope.organizationId(), events, key, granularity)).orElse(List.of());
    }

    /** Per value of {@code key} over the period, most expensive first. */
    public List<TopEntry> breakdown(ReportScope scope, ReportPeriod period, SeriesFilter filter, CallTags required, String key) {
        return eventFilter(scope, filter, period, required)
                .map(events -> totals.breakdown(scope.organizationId(), events, key)).orElse(List.of());
    }

    /**
     * The scope and filter as a ledger filter: a member's own events by their email, a manager's teams; empty when
     * the scope's member is not one of the organization (nothing of it may be read).
     */
    private Optional<EventFilter> eventFilter(ReportScope scope, SeriesFilter filter, ReportPeriod period, CallTags required) {
        String user = filter.user();
        if (scope.userId() != null) {
            MemberDirectory.Member member = members.of(scope.organizationId()).byId().get(scope.userId());
            if (member == null) {
                return Optional.empty();
            }
            user = member.email();
        }
        return Optional.of(new EventFilter(period.from(), period.to(), user, filter.model(), filter.agent(), null,
                false, filter.team(), filter.apiKey(), scope.teams(), required));
    }
}
