package dev.tokentally.reporting.api;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.tokentally.apikeys.ApiKeyPrincipal;
import dev.tokentally.base.CallTags;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.api.ApiProblem;
import dev.tokentally.base.api.FieldProblem;
import dev.tokentally.base.api.MoneyJson;
import dev.tokentally.base.api.PlainText;
import dev.tokentally.usage.Granularity;
import dev.tokentally.reporting.GroupBy;
import dev.tokentally.reporting.MetricsReport;
import dev.tokentally.reporting.ReportChoice;
import dev.tokentally.reporting.ReportPeriod;
import dev.tokentally.reporting.ReportScope;
import dev.tokentally.reporting.ReportScopes;
import dev.tokentally.reporting.SeriesFilter;
import dev.tokentally.reporting.TagReports;
import dev.tokentally.reporting.UsageReports;
import dev.tokentally.usage.EventFilter;
import dev.tokentally.usage.UsageCsv;
import dev.tokentally.usage.UsageEvents;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Usage reports of the API key's organization (of its team only, for a key bound to a team). Days are the organization's; money is a decimal string. Bad
 * parameters are 400 problem details (see {@code base.api.ApiProblemHandler}).
 */
@RestController
class ReportsApiController {

    static final int MAX_PAGE_SIZE = 1000;
    /** With at most {@link #MAX_PAGE_SIZE} rows a page, an offset that fits any database and cannot overflow. */
    static final int MAX_PAGE = 100_000;
    static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    static final LocalDate LATEST = LocalDate.of(2999, 12, 31);
    static final int MAX_FILTER_LENGTH = 200;
    static final String TAG_GROUP = "tag:";

    private final UsageReports reports;
    private final ReportScopes scopes;
    private final UsageEvents events;
    private final TagReports tagReports;
    private final Clock clock;

    ReportsApiController(UsageReports reports, ReportScopes scopes, UsageEvents events, TagReports tagReports, Clock clock) {
        this.tagReports = tagReports;
        this.reports = reports;
        this.scopes = scopes;
        this.events = events;
        this.clock = clock;
    }

    @GetMapping(path = "/api/v1/metrics", produces = MediaType.APPLICATION_JSON_VALUE)
    ReportsJson.Metrics metrics(@AuthenticationPrincipal ApiKeyPrincipal key,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        MetricsReport report = reports.metrics(scopes.of(key), period(key, from, to));
        String currency = report.currency();
        return new ReportsJson.Metrics(report.period().from().toString(), report.period().to().toString(),
                new ReportsJson.MetricsSummary(report.totalRequests(), report.totalTokens(),
                        MoneyJson.of(report.totalCost(), currency), report.activeUsers(),
                        report.activeSessions()),
                report.users().stream().map(row -> ReportsJson.UserRow.of(row, currency)).toList(),
                report.agents().stream().map(row -> ReportsJson.AgentRow.of(row, currency)).toList(),
                report.models().stream().map(row -> ReportsJson.ModelRow.of(row, currency)).toList(),
                report.teams().stream().map(row -> ReportsJson.TeamRow.of(row, currency)).toList(),
                report.apiKeys().stream().map(row -> ReportsJson.ApiKeyRow.of(row, currency)).toList());
    }

    @GetMapping(path = "/api/v1/reports/cost-analysis", produces = MediaType.APPLICATION_JSON_VALUE)
    ReportsJson.CostAnalysis costAnalysis(
            @AuthenticationPrincipal ApiKeyPrincipal key,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "day") String granularity,
            @RequestParam(name = "group_by", defaultValue = "none") @Size(max = MAX_FILTER_LENGTH) String groupBy,
            @RequestParam(required = false) @Size(max = MAX_FILTER_LENGTH) @PlainText String model,
            @RequestParam(required = false) @Size(max = MAX_FILTER_LENGTH) @PlainText String user,
            @RequestParam(required = false) @Size(max = MAX_FILTER_LENGTH) @PlainText String agent,
            @RequestParam(required = false) @Size(max = MAX_FILTER_LENGTH) @PlainText String team,
            @RequestParam(name = "api_key", required = false) @Min(1) Long apiKey) {
        ReportPeriod period = period(key, from, to);
        Granularity bucket = choice(Granularity.class, "granularity", granularity);
        String tagKey = tagKey(groupBy);
        GroupBy grouping = tagKey != null ? GroupBy.NONE : choice(GroupBy.class, "group_by", groupBy);
        ReportScope scope = scopes.of(key);
        // A team outside the key's scope is as unknown as one that does not exist.
        Long teamId = team == null ? null : reports.team(scope, team).map(ReportChoice::id)
                .orElseThrow(() -> new NotFoundException("No such team: " + team));
        String currency = reports.currencyOf(key.organizationId());
        SeriesFilter filter = new SeriesFilter(model, user, agent, teamId, apiKey);
        List<ReportsJson.CostPoint> series = (tagKey != null ? tagReports.series(scope, period, filter, CallTags.NONE, tagKey, bucket)
                : reports.costSeries(scope, period, bucket, grouping, filter)).stream()
                .map(point -> ReportsJson.CostPoint.of(point, currency)).toList();
        return new ReportsJson.CostAnalysis(period.from().toString(), period.to().toString(),
                bucket.name().toLowerCase(Locale.ROOT), tagKey != null ? TAG_GROUP + tagKey : grouping.name().toLowerCase(Locale.ROOT),
                series);
    }

    @GetMapping(path = "/api/v1/usage/events", produces = MediaType.APPLICATION_JSON_VALUE)
    ReportsJson.EventsPage events(
            @AuthenticationPrincipal ApiKeyPrincipal key,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
            @RequestParam(defaultValue = "100") @Min(1) @Max(MAX_PAGE_SIZE) int size,
            @RequestParam(name = "tag", required = false) @Size(max = CallTags.MOST) List<String> tags) {
        EventFilter filter = filter(key, from, to, tags);
        return new ReportsJson.EventsPage(page, size, events.count(key.organizationId(), filter),
                events.page(key.organizationId(), filter, page * size, size).stream().map(ReportsJson.UsageEventRow::of).toList());
    }

    @GetMapping(path = "/api/v1/usage/events", produces = "text/csv")
    String eventsCsv(@AuthenticationPrincipal ApiKeyPrincipal key,
                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                     @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
                     @RequestParam(defaultValue = "100") @Min(1) @Max(MAX_PAGE_SIZE) int size,
                     @RequestParam(name = "tag", required = false) @Size(max = CallTags.MOST) List<String> tags) {
        return UsageCsv.write(events.page(key.organizationId(), filter(key, from, to, tags), page * size, size));
    }

    private EventFilter filter(ApiKeyPrincipal key, LocalDate from, LocalDate to, List<String> tags) {
        ReportPeriod period = period(key, from, to);
        return EventFilter.between(period.from(), period.to()).withinTeams(scopes.of(key).teams()).withTags(required(tags));
    }

    /** {@code tag=k=v}, repeated: events carrying all of them. */
    private static CallTags required(List<String> tags) {
        if (tags == null || tags.isEmpty()) {
            return CallTags.NONE;
        }
        try {
            Map<String, String> required = new LinkedHashMap<>();
            for (String tag : tags) {
                Map.Entry<String, String> pair = CallTags.pair(tag);
                if (required.put(pair.getKey(), pair.getValue()) != null) {
                    throw new CallTags.InvalidTagsException("Tag key '" + pair.getKey() + "' is given twice; an event has one value per key.");
                }
            }
            return CallTags.of(required);
        } catch (CallTags.InvalidTagsException invalid) {
            throw ApiProblem.invalidParameter("tag", invalid.getMessage());
        }
    }

    /** The key of {@code group_by=tag:<key>}; null for another grouping. */
    private static String tagKey(String groupBy) {
        if (!groupBy.trim().toLowerCase(Locale.ROOT).startsWith(TAG_GROUP)) {
            return null;
        }
        String key = groupBy.trim().substring(TAG_GROUP.length());
        try {
            return CallTags.pair(key + "=x").getKey();
        } catch (CallTags.InvalidTagsException invalid) {
            throw ApiProblem.invalidParameter("group_by", "tag:<key> needs a tag key: " + invalid.getMessage());
        }
    }

    /** Defaults: the last 30 days up to today in the organization's time zone. */
    private ReportPeriod period(ApiKeyPrincipal key, LocalDate from, LocalDate to) {
        LocalDate end = to == null ? reports.todayOf(key.organizationId(), clock.instant()) : inRange("to", to);
        LocalDate start = from == null ? end.minusDays(29) : inRange("from", from);
        try {
            return new ReportPeriod(start, end);
        } catch (IllegalArgumentException invalid) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid request parameter", invalid.getMessage(),
                    List.of(new FieldProblem("from", invalid.getMessage())));
        }
    }

    private static LocalDate inRange(String name, LocalDate date) {
        if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
            throw ApiProblem.invalidParameter(name, "must be a date from " + EARLIEST + " to " + LATEST);
        }
        return date;
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String name, String value) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        String given = value.trim().toLowerCase(Locale.ROOT);
        if (!names.contains(given)) {
            throw ApiProblem.invalidParameter(name, "must be one of " + names);
        }
        return Enum.valueOf(type, given.toUpperCase(Locale.ROOT));
    }
}
