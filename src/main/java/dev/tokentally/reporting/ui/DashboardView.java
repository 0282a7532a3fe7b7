package dev.tokentally.reporting.ui;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.base.CsvTable;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.DateFields;
import dev.tokentally.base.ui.Live;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.usage.Granularity;
import dev.tokentally.reporting.CacheReport;
import dev.tokentally.reporting.CacheReports;
import dev.tokentally.reporting.GroupBy;
import dev.tokentally.reporting.RequestReports;
import dev.tokentally.reporting.ReportChoice;
import dev.tokentally.reporting.ReportPeriod;
import dev.tokentally.reporting.ReportScope;
import dev.tokentally.reporting.ReportScopes;
import dev.tokentally.reporting.ResponseCacheReport;
import dev.tokentally.reporting.SeriesFilter;
import dev.tokentally.reporting.TagReports;
import dev.tokentally.usage.SeriesPoint;
import dev.tokentally.reporting.UsageReports;
import dev.tokentally.usage.LiveUsageBroadcaster;
import dev.tokentally.usage.TopEntry;
import dev.tokentally.usage.UsageSummary;
import jakarta.annotation.security.RolesAllowed;

/**
 * Today (live) and this month; then, for the chosen range, cost, tokens, requests, errors and latency over time, the
 * prompt cache's hit rate and savings, the top lists and a cost grid by two dimensions. Org admins see their
 * organization, team managers their teams, other members their own usage; each may narrow it to a team or an API
 * key (also as URL parameters {@code ?team=<slug>&key=<id>}, which never reach past what they may see). The figures
 * move by server push when usage is recorded anywhere — no reload, no polling.
 */
@Route("dashboard")
@PageTitle("Dashboard")
@Menu(order = 1, icon = "vaadin:dashboard", title = "Dashboard")
@RolesAllowed({Roles.ORG_ADMIN, Roles.MEMBER})
public class DashboardView extends VerticalLayout implements BeforeEnterObserver {

    final Span todayTokens = figure("today-tokens");
    final Span todayRequests = figure("today-requests");
    final Span todayCost = figure("today-cost");
    final Span monthTokens = figure("month-tokens");
    final Span monthRequests = figure("month-requests");
    final Span monthCost = figure("month-cost");
    final Span monthResponseCacheHitRate = figure("month-response-cache-hit-rate");
    final Span monthResponseCacheSaved = figure("month-response-cache-saved");
    final Paragraph unpriced = new Paragraph();
    final Paragraph empty = new Paragraph("No usage this month yet. Chat with a model, or let an application report "
            + "usage to POST /api/v1/usage with an API key, and the figures appear here as it happens.");
    final Grid<TopEntry> topModels = topGrid("Model");
    final Grid<TopEntry> topUsers = topGrid("User");
    final Grid<TopEntry> topAgents = topGrid("Agent");
    final Grid<TopEntry> topTeams = topGrid("Team");
    final Select<ReportChoice> team = new Select<>();
    final Select<ReportChoice> apiKey = new Select<>();
    final Paragraph filterProblem = new Paragraph();
    final Select<Granularity> granularity = new Select<>();
    final Select<GroupBy> groupBy = new Select<>();
    final DatePicker from = DateFields.iso(new DatePicker("From"));
    final DatePicker to = DateFields.iso(new DatePicker("To"));
    final Select<ChartMetric> metric = new Select<>();
    final TrendChart chart = new TrendChart();
    final Paragraph rangeProblem = new Paragraph();
    final Paragraph chartNote = new Paragraph();
    final Span cacheHitRate = figure("cache-hit-rate");
    final Span cacheSaved = figure("cache-saved");
    final Span responseCacheHits = figure("response-cache-hits");
    final PairBreakdown breakdown;
    final TagBreakdown tags;

    private final UsageReports reports;
    private final CacheReports caches;
    private final RequestReports requests;
    private final Clock clock;
    private final ReportScope scope;
    private final long organizationId;
    private final Anchor export;
    private List<SeriesPoint> shown = List.of();

    DashboardView(UsageReports reports, CacheReports caches, RequestReports requests, ReportScopes scopes,
                  LiveUsageBroadcaster broadcaster, CurrentUser currentUser, Clock clock, TagReports tagReports) {
        this.reports = reports;
        this.caches = caches;
        this.requests = requests;
        this.clock = clock;
        this.scope = scopes.of(currentUser.require());
        this.organizationId = scope.organizationId();
        this.tags = new TagBreakdown(tagReports, scope);
        boolean ownOnly = scope.userId() != null;

        LocalDate today = reports.todayOf(organizationId, clock.instant());
        from.setValue(today.minusDays(29));
        to.setValue(today);
        granularity.setLabel("Per");
        granularity.setItems(Granularity.values());
        granularity.setItemLabelGenerator(value -> value.name().toLowerCase(Locale.ROOT));
        granularity.setValue(Granularity.DAY);
        groupBy.setLabel("Split by");
        List<GroupBy> dimensions = ownOnly ? List.of(GroupBy.NONE, GroupBy.MODEL, GroupBy.AGENT, GroupBy.TEAM, GroupBy.API_KEY)
                : List.of(GroupBy.values());
        groupBy.setItems(dimensions);
        groupBy.setItemLabelGenerator(GroupByLabels::label);
        groupBy.setValue(GroupBy.MODEL);
        metric.setLabel("Show");
        metric.setItems(ChartMetric.values());
        metric.setItemLabelGenerator(value -> value.label);
        metric.setValue(ChartMetric.COST);
        for (var field : List.of(granularity, groupBy, metric)) {
            field.addValueChangeListener(event -> refreshChart());
        }
        breakdown = new PairBreakdown(dimensions.stream().filter(dimension -> dimension != GroupBy.NONE).toList(),
                changed -> refreshBreakdown());
        ReportChoices.fill(team, "Team", scope.allTeams() ? "All teams" : "All your teams", reports.teams(scope));
        ReportChoices.fill(apiKey, "API key", "All keys", reports.apiKeys(scope));
        team.addValueChangeListener(event -> refresh());
        apiKey.addValueChangeListener(event -> refresh());
        from.addValueChangeListener(event -> refreshRange());
        to.addValueChangeListener(event -> refreshRange());
        export = new Anchor(DownloadHandler.fromInputStream(download -> {
            byte[] csv = seriesCsv().getBytes(StandardCharsets.UTF_8);
            return new DownloadResponse(new ByteArrayInputStream(csv), "tokentally-cost.csv", "text/csv", csv.length);
        }), "Export CSV");
        export.getElement().setAttribute("download", true);
        FlexLayout chartControls = new FlexLayout(from, to, metric, granularity, groupBy, export);
        chartControls.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        chartControls.setAlignItems(FlexComponent.Alignment.BASELINE);
        chartControls.addClassNames(LumoUtility.Gap.MEDIUM);

        FlexLayout narrowing = new FlexLayout(team, apiKey);
        if (!ownOnly) {
            narrowing.add(new Anchor("chargeback", "Chargeback statements"));
        }
        narrowing.setAlignItems(FlexComponent.Alignment.BASELINE);
        narrowing.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        narrowing.addClassNames(LumoUtility.Gap.MEDIUM);
        add(narrowing, filterProblem,
                new H3(ownOnly ? "Your usage today (live)" : scope.allTeams() ? "Today (live)" : "Your teams today (live)"),
                row(card("Tokens", todayTokens), card("Requests", todayRequests), card("Cost", todayCost)),
                new H3("This month"),
                row(card("Tokens", monthTokens), card("Requests", monthRequests), card("Cost", monthCost),
                        card("Response-cache hit rate", monthResponseCacheHitRate),
                        card("Saved by the response cache", monthResponseCacheSaved)),
                unpriced, empty, new H3("Over time"), chartControls, rangeProblem, chartNote, chart,
                new H3("Cache in this range"),
                row(card("Prompt cache hit rate", cacheHitRate), card("Saved by cached input", cacheSaved),
                        card("Response-cache hits", responseCacheHits)),
                new H3("Top models in this range"), topModels);
        if (!ownOnly) {
            add(new H3("Top users in this range"), topUsers, new H3("Top agents in this range"), topAgents,
                    new H3("Top teams in this range"), topTeams);
        }
        add(new H3("Cost by two dimensions in this range"), breakdown, new H3("Cost by tag in this range"), tags);
        refresh();
        Live.refreshWhileAttached(this, onChange -> broadcaster.subscribe(organizationId, onChange)::cancel, this::refreshLive);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        filterProblem.setText(ReportChoices.pick(event, reports, scope, team, apiKey));
    }

    void refresh() {
        refreshFigures(thisMonth());
        refreshRange();
    }

    /**
     * Usage was recorded: the figures go to the page in a push of their own, before the range's lists, cache figures,
     * breakdown and chart (more queries and the bulk of the message) follow in the next one.
     */
    private void refreshLive() {
        refreshFigures(thisMonth());
        getUI().ifPresent(ui -> ui.access(this::refreshRange));
    }

    /** Today in the organization's time zone, the month up to it and the filter chosen: what the figures show. */
    private record ThisMonth(LocalDate today, ReportPeriod period, SeriesFilter filter) {
    }

    private ThisMonth thisMonth() {
        LocalDate today = reports.todayOf(organizationId, clock.instant());
        return new ThisMonth(today, new ReportPeriod(today.withDayOfMonth(1), today), filter());
    }

    private void refreshFigures(ThisMonth now) {
        UsageSummary todays = reports.summary(scope, now.filter(), new ReportPeriod(now.today(), now.today()));
        UsageSummary month = reports.summary(scope, now.filter(), now.period());
        todayTokens.setText(String.format("%,d", todays.totalTokens()));
        todayRequests.setText(String.format("%,d", todays.requests()));
        todayCost.setText(MoneyText.format(todays.cost()));
        monthTokens.setText(String.format("%,d", month.totalTokens()));
        monthRequests.setText(String.format("%,d", month.requests()));
        monthCost.setText(MoneyText.format(month.cost()));
        unpriced.setText(month.unpricedEvents() == 0 ? ""
                : month.unpricedEvents() + " events this month have no price yet: their cost is not in these figures.");
        empty.setVisible(month.requests() == 0);
        ResponseCacheReport responseCache = caches.responseCache(scope, now.filter(), now.period());
        monthResponseCacheHitRate.setText(responseCache.hitRatePercent() == null ? "–" : responseCache.hitRatePercent() + " %");
        monthResponseCacheSaved.setText(MoneyText.format(responseCache.saved()));
    }

    /**
     * The chosen range, or empty when it is not one: then both fields say why and nothing of an earlier range is
     * left on the page as if it answered this one.
     */
    private Optional<ReportPeriod> period() {
        if (from.isEmpty() || to.isEmpty()) {
            return Optional.empty();
        }
        try {
            ReportPeriod period = new ReportPeriod(from.getValue(), to.getValue());
            markRange(null);
            return Optional.of(period);
        } catch (IllegalArgumentException invalid) {
            markRange("Choose another range: " + invalid.getMessage() + ".");
            return Optional.empty();
        }
    }

    private void markRange(String problem) {
        rangeProblem.setText(problem == null ? "" : problem);
        for (DatePicker field : List.of(from, to)) {
            field.setInvalid(problem != null);
            field.setErrorMessage(problem == null ? null : field == from ? "From is after To" : "To is before From");
        }
        export.setEnabled(problem == null);
    }

    /** Everything that follows the chosen range: the top lists, the cache figures, the breakdown and the chart. */
    void refreshRange() {
        Optional<ReportPeriod> chosen = period();
        if (chosen.isEmpty()) {
            List.of(topModels, topUsers, topAgents, topTeams).forEach(grid -> grid.setItems(List.of()));
            List.of(cacheHitRate, cacheSaved, responseCacheHits).forEach(figure -> figure.setText("–"));
            breakdown.clear();
            tags.clear();
            clearChart();
            return;
        }
        ReportPeriod period = chosen.get();
        SeriesFilter filter = filter();
        topModels.setItems(reports.top(scope, filter, GroupBy.MODEL, period, 5));
        if (scope.userId() == null) {
            topUsers.setItems(reports.top(scope, filter, GroupBy.USER, period, 5));
            topAgents.setItems(reports.top(scope, filter, GroupBy.AGENT, period, 5));
            topTeams.setItems(reports.top(scope, filter, GroupBy.TEAM, period, 5));
        }
        CacheReport cache = caches.cache(scope, filter, period);
        cacheHitRate.setText(cache.hitRatePercent() == null ? "–" : cache.hitRatePercent() + " %");
        cacheSaved.setText(MoneyText.format(cache.saved()));
        Long hits = requests.responseCacheHits(scope, filter, period);
        responseCacheHits.setText(hits == null ? "not kept per team" : String.format("%,d", hits));
        refreshBreakdown();
        tags.show(period, filter);
        refreshChart();
    }

    private void refreshBreakdown() {
        Optional<ReportPeriod> period = period();
        if (period.isEmpty() || !breakdown.picked()) {
            breakdown.clear();
            return;
        }
        breakdown.show(reports.pairs(scope, filter(), period.get(), breakdown.rows.getValue(), breakdown.columns.getValue()),
                reports.currencyOf(organizationId));
    }

    void refreshChart() {
        Optional<ReportPeriod> period = period();
        if (period.isEmpty() || granularity.isEmpty() || groupBy.isEmpty() || metric.isEmpty()) {
            clearChart();
            return;
        }
        ChartMetric showing = metric.getValue();
        groupBy.setEnabled(!showing.fromRequestLog());
        chartNote.setText("");
        shown = reports.costSeries(scope, period.get(), granularity.getValue(), groupBy.getValue(), filter());
        if (!showing.fromRequestLog()) {
            chart.show(shown, showing, reports.currencyOf(organizationId));
            return;
        }
        requests.series(scope, filter(), period.get(), granularity.getValue()).ifPresentOrElse(
                points -> chart.showRequests(points, showing),
                () -> {
                    chart.clear();
                    chartNote.setText("The request log keeps the key and the member of a call, not its team: "
                            + "errors and latency are shown for the whole organization or one key only.");
                });
    }

    private void clearChart() {
        shown = List.of();
        chart.clear();
    }

    /** What the chart shows, as CSV; team and API key say which one it is narrowed to (empty: all). */
    String seriesCsv() {
        String currency = reports.currencyOf(organizationId);
        String teamName = team.isEmpty() ? null : team.getValue().label();
        String keyName = apiKey.isEmpty() ? null : apiKey.getValue().label();
        CsvTable csv = new CsvTable("bucket", "group", "team", "api_key", "requests", "tokens", "cost", "currency");
        for (SeriesPoint point : shown) {
            csv.row(point.bucket(), point.key(), teamName, keyName, point.requests(), point.totalTokens(), point.cost(), currency);
        }
        return csv.toString();
    }

    /** The team and key picked; within the scope, so they can only narrow it. */
    SeriesFilter filter() {
        return new SeriesFilter(null, null, null, team.isEmpty() ? null : team.getValue().id(),
                apiKey.isEmpty() ? null : apiKey.getValue().id());
    }

    private static Span figure(String id) {
        Span span = new Span();
        span.setId(id);
        span.addClassNames(LumoUtility.FontSize.XXLARGE, LumoUtility.FontWeight.SEMIBOLD);
        return span;
    }

    private static Component card(String label, Span value) {
        Span caption = new Span(label);
        caption.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        Div card = new Div(caption, new Div(value));
        card.addClassNames(LumoUtility.Padding.MEDIUM, LumoUtility.Background.CONTRAST_5, LumoUtility.BorderRadius.LARGE);
        card.setMinWidth("12rem");
        return card;
    }

    private static Component row(Component... cards) {
        FlexLayout row = new FlexLayout(cards);
        row.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        row.addClassNames(LumoUtility.Gap.MEDIUM);
        return row;
    }

    private static Grid<TopEntry> topGrid(String what) {
        Grid<TopEntry> grid = new Grid<>(TopEntry.class, false);
        grid.addColumn(TopEntry::label).setHeader(what).setFlexGrow(1);
        grid.addColumn(entry -> String.format("%,d", entry.requests())).setHeader("Requests").setAutoWidth(true);
        grid.addColumn(entry -> String.format("%,d", entry.totalTokens())).setHeader("Tokens").setAutoWidth(true);
        grid.addColumn(entry -> MoneyText.format(entry.cost())).setHeader("Cost").setAutoWidth(true);
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("Nothing in this range.");
        return grid;
    }
}
