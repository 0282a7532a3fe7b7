package dev.tokentally.reporting.ui;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import dev.tokentally.usage.SeriesPoint;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stacked bar chart of cost per bucket and group, drawn by Apache ECharts in the browser
 * ({@code tt-chart.js}); the server hands it the whole chart option as JSON.
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

    /** Shows the series: one bar stack per bucket, one colour per group. */
    public void show(List<SeriesPoint> points, String currency) {
        getElement().setProperty("option", JSON.writeValueAsString(option(points, currency)));
    }

    /** The ECharts option, also what tests read back. */
    static Map<String, Object> option(List<SeriesPoint> points, String currency) {
        Set<LocalDate> buckets = new LinkedHashSet<>();
        Map<String, Map<LocalDate, BigDecimal>> byGroup = new LinkedHashMap<>();
        for (SeriesPoint point : points) {
            buckets.add(point.bucket());
            byGroup.computeIfAbsent(point.key(), key -> new LinkedHashMap<>()).put(point.bucket(), point.cost());
        }
        List<Map<String, Object>> series = new ArrayList<>();
        byGroup.forEach((group, costs) -> series.add(Map.of("name", group, "type", "bar", "stack", "cost",
                "data", buckets.stream().map(bucket -> costs.getOrDefault(bucket, BigDecimal.ZERO).toPlainString()).toList())));
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("tooltip", Map.of("trigger", "axis"));
        option.put("legend", Map.of("type", "scroll", "bottom", 0));
        option.put("grid", Map.of("left", 60, "right", 20, "top", 30, "bottom", 50));
        option.put("xAxis", Map.of("type", "category", "data", buckets.stream().map(LocalDate::toString).toList()));
        option.put("yAxis", Map.of("type", "value", "name", currency));
        option.put("series", series);
        return option;
    }

    String optionJson() {
        return getElement().getProperty("option");
    }
}
