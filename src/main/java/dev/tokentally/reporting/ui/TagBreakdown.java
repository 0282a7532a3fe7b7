package dev.tokentally.reporting.ui;

import java.util.List;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tokentally.base.CallTags;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.reporting.ReportPeriod;
import dev.tokentally.reporting.ReportScope;
import dev.tokentally.reporting.SeriesFilter;
import dev.tokentally.reporting.TagReports;
import dev.tokentally.usage.TopEntry;

/**
 * The dashboard's cost by the values of a tag key the user names ({@code project}), optionally of the calls carrying
 * another tag only ({@code env=prod}); calls without the key show as "(none)".
 */
class TagBreakdown extends VerticalLayout {

    final TextField key = new TextField("Tag key");
    final TextField only = new TextField("Only calls tagged");
    final Paragraph problem = new Paragraph();
    final Grid<TopEntry> values = new Grid<>(TopEntry.class, false);

    private final TagReports reports;
    private final ReportScope scope;
    private ReportPeriod period;
    private SeriesFilter filter;

    TagBreakdown(TagReports reports, ReportScope scope) {
        this.reports = reports;
        this.scope = scope;
        key.setPlaceholder("project");
        only.setPlaceholder("env=prod");
        only.setHelperText("key=value, or empty for every call");
        for (TextField field : List.of(key, only)) {
            field.setClearButtonVisible(true);
            field.addValueChangeListener(change -> refresh());
        }
        values.addColumn(TopEntry::label).setHeader("Value").setFlexGrow(1);
        values.addColumn(entry -> String.format("%,d", entry.requests())).setHeader("Requests").setAutoWidth(true);
        values.addColumn(entry -> String.format("%,d", entry.totalTokens())).setHeader("Tokens").setAutoWidth(true);
        values.addColumn(entry -> MoneyText.format(entry.cost())).setHeader("Cost").setAutoWidth(true);
        values.setAllRowsVisible(true);
        values.setEmptyStateText("Name a tag key to split this range's cost by its values.");
        FlexLayout fields = new FlexLayout(key, only);
        fields.setAlignItems(FlexComponent.Alignment.BASELINE);
        fields.addClassNames(LumoUtility.Gap.MEDIUM);
        setPadding(false);
        add(fields, problem, values);
    }

    /** Shows the range's split, within the dashboard's filter. */
    void show(ReportPeriod shown, SeriesFilter narrowed) {
        period = shown;
        filter = narrowed;
        refresh();
    }

    void clear() {
        period = null;
        values.setItems(List.of());
    }

    private void refresh() {
        problem.setText("");
        if (period == null || key.getValue().isBlank()) {
            values.setItems(List.of());
            return;
        }
        try {
            String tagKey = CallTags.pair(key.getValue().strip() + "=x").getKey();
            CallTags required = only.getValue().isBlank() ? CallTags.NONE : CallTags.parse(only.getValue());
            values.setItems(reports.breakdown(scope, period, filter, required, tagKey));
        } catch (CallTags.InvalidTagsException invalid) {
            problem.setText(invalid.getMessage());
            values.setItems(List.of());
        }
    }
}
