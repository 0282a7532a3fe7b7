package dev.tokentally.reporting.ui;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tokentally.base.Money;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.reporting.GroupBy;
import dev.tokentally.usage.PairEntry;

/**
 * Cost by two dimensions picked on the page (say team × model): one row per value of the first, one column per value
 * of the second (the biggest {@value #MAX_COLUMNS}; the rest summed as "others", so the grid stays as wide as a laptop
 * screen), a total per row and a total row at the bottom.
 */
class PairBreakdown extends VerticalLayout {

    static final int MAX_COLUMNS = 5;
    static final String TOTAL = "Total";

    final Select<GroupBy> rows = new Select<>();
    final Select<GroupBy> columns = new Select<>();
    final Grid<Row> grid = new Grid<>();

    /** One value of the first dimension: its cost per column label, and in all. */
    record Row(String label, Map<String, BigDecimal> costs, BigDecimal total) {
    }

    PairBreakdown(List<GroupBy> dimensions, Consumer<PairBreakdown> changed) {
        setPadding(false);
        rows.setLabel("Rows");
        columns.setLabel("Columns");
        for (Select<GroupBy> select : List.of(rows, columns)) {
            select.setItems(dimensions);
            select.setItemLabelGenerator(GroupByLabels::label);
        }
        rows.setValue(dimensions.contains(GroupBy.TEAM) ? GroupBy.TEAM : GroupBy.AGENT);
        columns.setValue(GroupBy.MODEL);
        rows.addValueChangeListener(event -> changed.accept(this));
        columns.addValueChangeListener(event -> changed.accept(this));
        FlexLayout pickers = new FlexLayout(rows, columns);
        pickers.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        pickers.setAlignItems(FlexComponent.Alignment.BASELINE);
        pickers.addClassNames(LumoUtility.Gap.MEDIUM);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("No usage in this range.");
        add(pickers, grid);
    }

    /** Whether two different dimensions are picked (a breakdown of one dimension by itself says nothing). */
    boolean picked() {
        return !rows.isEmpty() && !columns.isEmpty() && rows.getValue() != columns.getValue();
    }

    void show(List<PairEntry> pairs, String currency) {
        Map<String, BigDecimal> byColumn = new LinkedHashMap<>();
        pairs.forEach(pair -> byColumn.merge(pair.second(), pair.cost(), BigDecimal::add));
        List<String> shown = byColumn.entrySet().stream()
                .sorted(Map.Entry.<String, BigDecimal>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(byColumn.size() > MAX_COLUMNS ? MAX_COLUMNS - 1 : MAX_COLUMNS).map(Map.Entry::getKey).toList();
        String others = "others";
        Map<String, Map<String, BigDecimal>> byRow = new LinkedHashMap<>();
        for (PairEntry pair : pairs) {
            String column = shown.contains(pair.second()) ? pair.second() : others;
            byRow.computeIfAbsent(pair.first(), label -> new LinkedHashMap<>()).merge(column, pair.cost(), BigDecimal::add);
        }
        List<Row> items = new ArrayList<>(byRow.entrySet().stream()
                .map(entry -> new Row(entry.getKey(), entry.getValue(), sum(entry.getValue())))
                .sorted(Comparator.comparing(Row::total).reversed().thenComparing(Row::label)).toList());
        Map<String, BigDecimal> totals = new LinkedHashMap<>();
        items.forEach(row -> row.costs().forEach((column, cost) -> totals.merge(column, cost, BigDecimal::add)));

        List<String> columnLabels = new ArrayList<>(shown);
        if (byColumn.size() > shown.size()) {
            columnLabels.add(others);
        }
        grid.removeAllColumns();
        grid.addColumn(Row::label).setHeader(GroupByLabels.label(rows.getValue()) + " × " + GroupByLabels.label(columns.getValue()))
                .setFooter(TOTAL).setAutoWidth(true).setFlexGrow(1).setFrozen(true);
        for (String column : columnLabels) {
            grid.addColumn(row -> text(row.costs().get(column), currency)).setHeader(column)
                    .setFooter(text(totals.get(column), currency)).setAutoWidth(true).setResizable(true);
        }
        grid.addColumn(row -> text(row.total(), currency)).setHeader(TOTAL).setFooter(text(sum(totals), currency))
                .setAutoWidth(true);
        grid.setItems(items);
    }

    void clear() {
        grid.setItems(List.of());
    }

    private static BigDecimal sum(Map<String, BigDecimal> costs) {
        return costs.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static String text(BigDecimal cost, String currency) {
        return cost == null ? "–" : MoneyText.format(new Money(cost, currency));
    }
}
