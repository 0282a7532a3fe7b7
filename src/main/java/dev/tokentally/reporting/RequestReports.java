package dev.tokentally.reporting;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.requests.RequestStats;
import dev.tokentally.usage.Granularity;
import org.springframework.stereotype.Service;

/**
 * Calls, failures, latency percentiles and response-cache hits over time, from the request log, within a
 * {@link ReportScope}. The log keeps the key and the member of a call but not its team: a scope or filter restricted
 * to teams has no answer here (rather than one that would count other teams' calls).
 */
@Service
public class RequestReports {

    private final RequestStats stats;
    private final OrganizationService organizations;

    RequestReports(RequestStats stats, OrganizationService organizations) {
        this.stats = stats;
        this.organizations = organizations;
    }

    /** Every bucket of the period; empty when the scope or filter is restricted to teams. */
    public Optional<List<RequestStats.Point>> series(ReportScope scope, SeriesFilter filter, ReportPeriod period,
                                                     Granularity granularity) {
        if (!scope.allTeams() || filter.team() != null) {
            return Optional.empty();
        }
        ChronoUnit unit = switch (granularity) {
            case DAY -> ChronoUnit.DAYS;
            case WEEK -> ChronoUnit.WEEKS;
            case MONTH -> ChronoUnit.MONTHS;
        };
        long organizationId = scope.organizationId();
        return Optional.of(stats.series(organizationId, scope.userId(), filter.apiKey(), period.from(), period.to(),
                organizations.locale(organizationId).zone(), unit));
    }

    /** Answers served from a response cache over the period; null when the scope is restricted to teams. */
    public Long responseCacheHits(ReportScope scope, SeriesFilter filter, ReportPeriod period) {
        return series(scope, filter, period, Granularity.MONTH)
                .map(points -> points.stream().mapToLong(RequestStats.Point::responseCacheHits).sum()).orElse(null);
    }
}
