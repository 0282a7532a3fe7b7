package dev.tokentally.reporting.ui;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import dev.tokentally.requests.RequestStats;
import dev.tokentally.usage.SeriesPoint;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chart over time drawn by Apache ECharts in the browser ({@code tt-chart.js}); the server hands it the whole chart
 * option as JSON, with how its tooltip writes values: money with its currency and two decimals, counts with thousands
 * separators, latencies in milliseconds.
 */
@Tag("tt-chart")
@NpmPackage(value = "echarts", version = "6.1.0")
@JsModule("./tt-chart.js")
public class TrendChart extends Component implements HasSize {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public TrendChart() {
        setWidthFull();
        setHeight("22rem");
    }

    /** Cost (in {@code currency}), tokens or requests per bucket and group: one bar stack per bucket, one colour per group. */
    void show(List<SeriesPoint> points, ChartMetric metric, String currency) {
        Function<SeriesPoint, Object> value = switch (metric) {
            case COST -> point -> point.cost().toPlainString();
            case TOKENS -> SeriesPoint::totalTokens;
            case REQUESTS -> SeriesPoint::requests;
            default -> throw new IllegalArgumentException(metric + " is read from the request log");
        };
        Set<LocalDate> buckets = new LinkedHashSet<>();
        Map<String, Map<LocalDate, Object>> byGroup = new LinkedHashMap<>();
        for (SeriesPoint point : points) {
            buckets.add(point.bucket());
            byGroup.computeIfAbsent(point.key(), key -> new LinkedHashMap<>()).put(point.bucket(), value.apply(point));
        }
        Object zero = metric == ChartMetric.COST ? BigDecimal.ZERO.toPlainString() : 0L;
        List<Map<String, Object>> series = new ArrayList<>();
        byGroup.forEach((group, values) -> series.add(Map.of("name", group, "type", "bar", "stack", "total",
                "data", buckets.stream().map(bucket -> values.getOrDefault(bucket, zero)).toList())));
        boolean money = metric == ChartMetric.COST;
        draw(option(buckets, series, money ? currency : metric.label,
                money ? Map.of("prefix", currency + " ", "fractionDigits", 2) : Map.of("fractionDigits", 0)));
    }

    /** Failed calls (beside all calls) or the latency percentiles of answered calls, per bucket, from the request log. */
    void showRequests(List<RequestStats.Point> points, ChartMetric metric) {
        Set<LocalDate> buckets = new LinkedHashSet<>(points.stream().map(RequestStats.Point::bucket).toList());
        List<Map<String, Object>> series = new ArrayList<>();
        if (metric == ChartMetric.ERRORS) {
            series.add(line("failed", "bar", points, RequestStats.Point::errors));
            series.add(line("all calls", "line", points, RequestStats.Point::requests));
            draw(option(buckets, series, "calls", Map.of("fractionDigits", 0)));
        } else {
            series.add(line("p50", "line", points, RequestStats.Point::p50Ms));
            series.add(line("p95", "line", points, RequestStats.Point::p95Ms));
            series.add(line("p99", "line", points, RequestStats.Point::p99Ms));
            draw(option(buckets, series, "ms", Map.of("suffix", " ms", "fractionDigits", 0)));
        }
    }

    /** Shows nothing: what was shown no longer answers what is asked. */
    void clear() {
        getElement().setProperty("option", "");
        setVisible(false);
    }

    private void draw(Map<String, Object> option) {
        getElement().setProperty("option", JSON.writeValueAsString(option));
        setVisible(true);
    }

    private static Map<String, Object> line(String name, String type, List<RequestStats.Point> points,
                                            Function<RequestStats.Point, Object> value) {
        List<Object> data = new ArrayList<>();
        points.forEach(point -> data.add(value.apply(point)));
        Map<String, Object> line = new LinkedHashMap<>(); // in this order, so the option reads the same every time
        line.put("name", name);
        line.put("type", type);
        line.put("data", data);
        return line;
    }

    /** The ECharts option, also what tests read back. */
    private static Map<String, Object> option(Set<LocalDate> buckets, List<Map<String, Object>> series, String axisName,
                                              Map<String, Object> valueFormat) {
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("tooltip", Map.of("trigger", "axis", "confine", true, "valueFormat", valueFormat));
        option.put("legend", Map.of("type", "scroll", "bottom", 0));
        option.put("grid", Map.of("left", 60, "right", 20, "top", 30, "bottom", 50));
        option.put("xAxis", Map.of("type", "category", "data", buckets.stream().map(LocalDate::toString).toList()));
        option.put("yAxis", Map.of("type", "value", "name", axisName));
        option.put("series", series);
        return option;
    }

    String optionJson() {
        return getElement().getProperty("option");
    }
}
