package dev.tokentally.reporting.api;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.tokentally.organizations.ApiKeyPrincipal;
import dev.tokentally.reporting.Breakdown;
import dev.tokentally.reporting.Granularity;
import dev.tokentally.reporting.GroupBy;
import dev.tokentally.reporting.MetricsReport;
import dev.tokentally.reporting.ReportPeriod;
import dev.tokentally.reporting.SeriesFilter;
import dev.tokentally.reporting.UsageReports;
import dev.tokentally.usage.EventFilter;
import dev.tokentally.usage.UsageCsv;
import dev.tokentally.usage.UsageEvent;
import dev.tokentally.usage.UsageEvents;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Usage reports of the API key's organization. Days are the organization's; money is a decimal string. */
@RestController
class ReportsApiController {

    static final int MAX_PAGE_SIZE = 1000;

    private final UsageReports reports;
    private final UsageEvents events;
    private final Clock clock;

    ReportsApiController(UsageReports reports, UsageEvents events, Clock clock) {
        this.reports = reports;
        this.events = events;
        this.clock = clock;
    }

    @GetMapping(path = "/api/v1/metrics", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> metrics(@AuthenticationPrincipal ApiKeyPrincipal key, @RequestParam(required = false) String from,
                                @RequestParam(required = false) String to) {
        MetricsReport report = reports.metrics(key.organizationId(), period(key, from, to));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total_requests", report.totalRequests());
        summary.put("total_tokens", report.totalTokens());
        summary.put("total_cost", money(report.totalCost(), report.currency()));
        summary.put("active_users", report.activeUsers());
        summary.put("active_sessions", report.activeSessions());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", report.period().from().toString());
        body.put("to", report.period().to().toString());
        body.put("summary", summary);
        body.put("users", rows("user", report.users(), report.currency()));
        body.put("agents", rows("agent", report.agents(), report.currency()));
        body.put("models", rows("model", report.models(), report.currency()));
        return body;
    }

    @GetMapping(path = "/api/v1/reports/cost-analysis", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> costAnalysis(@AuthenticationPrincipal ApiKeyPrincipal key,
                                     @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                     @RequestParam(defaultValue = "day") String granularity,
                                     @RequestParam(name = "group_by", defaultValue = "none") String groupBy,
                                     @RequestParam(required = false) String model, @RequestParam(required = false) String user,
                                     @RequestParam(required = false) String agent) {
        ReportPeriod period = period(key, from, to);
        Granularity bucket = choice(Granularity.class, "granularity", granularity);
        GroupBy grouping = choice(GroupBy.class, "group_by", groupBy);
        String currency = reports.currencyOf(key.organizationId());
        List<Map<String, Object>> series = reports.costSeries(key.organizationId(), period, bucket, grouping,
                        new SeriesFilter(model, user, agent)).stream()
                .map(point -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("bucket", point.bucket().toString());
                    row.put("group", point.key());
                    row.put("requests", point.requests());
                    row.put("tokens", point.totalTokens());
                    row.put("cost", money(point.cost(), currency));
                    return row;
                }).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", period.from().toString());
        body.put("to", period.to().toString());
        body.put("granularity", bucket.name().toLowerCase(Locale.ROOT));
        body.put("group_by", grouping.name().toLowerCase(Locale.ROOT));
        body.put("series", series);
        return body;
    }

    @GetMapping(path = "/api/v1/usage/events", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> events(@AuthenticationPrincipal ApiKeyPrincipal key, @RequestParam(required = false) String from,
                               @RequestParam(required = false) String to, @RequestParam(defaultValue = "0") int page,
                               @RequestParam(defaultValue = "100") int size) {
        EventFilter filter = filter(key, from, to);
        checkPage(page, size);
        List<Map<String, Object>> rows = events.page(key.organizationId(), filter, page * size, size).stream()
                .map(listed -> {
                    UsageEvent e = listed.event();
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", e.id().toString());
                    row.put("occurred_at", e.occurredAt().toString());
                    row.put("source", e.source().name());
                    row.put("provider", e.provider());
                    row.put("model", e.model());
                    row.put("user", listed.user());
                    row.put("agent", e.agent());
                    row.put("session", e.session());
                    row.put("input_tokens", e.tokens().input());
                    row.put("output_tokens", e.tokens().output());
                    row.put("raw_cost_usd", e.rawCostUsd() == null ? null : e.rawCostUsd().stripTrailingZeros().toPlainString());
                    row.put("cost", e.billedCost() == null ? null : money(e.billedCost(), e.billedCurrency()));
                    row.put("idempotency_key", e.idempotencyKey());
                    return row;
                }).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page", page);
        body.put("size", size);
        body.put("total", events.count(key.organizationId(), filter));
        body.put("events", rows);
        return body;
    }

    @GetMapping(path = "/api/v1/usage/events", produces = "text/csv")
    String eventsCsv(@AuthenticationPrincipal ApiKeyPrincipal key, @RequestParam(required = false) String from,
                     @RequestParam(required = false) String to, @RequestParam(defaultValue = "0") int page,
                     @RequestParam(defaultValue = "100") int size) {
        checkPage(page, size);
        return UsageCsv.write(events.page(key.organizationId(), filter(key, from, to), page * size, size));
    }

    @ExceptionHandler
    ProblemDetail badRequest(IllegalArgumentException invalid) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, invalid.getMessage());
        problem.setTitle("Invalid report request");
        return problem;
    }

    private EventFilter filter(ApiKeyPrincipal key, String from, String to) {
        ReportPeriod period = period(key, from, to);
        return EventFilter.between(period.from(), period.to());
    }

    /** Defaults: the last 30 days up to today in the organization's time zone. */
    private ReportPeriod period(ApiKeyPrincipal key, String from, String to) {
        LocalDate today = reports.todayOf(key.organizationId(), clock.instant());
        LocalDate end = to == null ? today : date("to", to);
        LocalDate start = from == null ? end.minusDays(29) : date("from", from);
        return new ReportPeriod(start, end);
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException notDate) {
            throw new IllegalArgumentException(name + " must be a date YYYY-MM-DD, not '" + value + "'");
        }
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String name, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException(name + " must be one of "
                    + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
        }
    }

    private static void checkPage(int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page must be 0 or more and size 1 to " + MAX_PAGE_SIZE);
        }
    }

    private static List<Map<String, Object>> rows(String keyName, List<Breakdown> rows, String currency) {
        return rows.stream().map(row -> {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put(keyName, row.key());
            map.put("requests", row.requests());
            map.put("tokens", row.totalTokens());
            map.put("cost", money(row.cost(), currency));
            return map;
        }).toList();
    }

    private static Map<String, String> money(BigDecimal amount, String currency) {
        return Map.of("amount", amount.stripTrailingZeros().toPlainString(), "currency", currency);
    }
}
