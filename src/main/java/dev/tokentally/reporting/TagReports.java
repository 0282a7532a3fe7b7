package dev.tokentally.reporting;

import java.util.List;

import dev.tokentally.base.CallTags;
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
    private final ScopedEvents scoped;

    TagReports(TagTotals totals, ScopedEvents scoped) {
        this.totals = totals;
        this.scoped = scoped;
    }

    /** Per bucket and value of {@code key}; events without it in {@link TagTotals#NONE}. */
    public List<SeriesPoint> series(ReportScope scope, ReportPeriod period, SeriesFilter filter, CallTags required, String key,
                                    Granularity granularity) {
        return scoped.filter(scope, filter, period, required)
                .map(events -> totals.series(scope.organizationId(), events, key, granularity)).orElse(List.of());
    }

    /** Per value of {@code key} over the period, most expensive first. */
    public List<TopEntry> breakdown(ReportScope scope, ReportPeriod period, SeriesFilter filter, CallTags required, String key) {
        return scoped.filter(scope, filter, period, required)
                .map(events -> totals.breakdown(scope.organizationId(), events, key)).orElse(List.of());
    }
}
