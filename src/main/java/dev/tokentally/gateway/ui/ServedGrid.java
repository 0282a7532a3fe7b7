package dev.tokentally.gateway.ui;

import com.vaadin.flow.component.grid.Grid;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.usage.ServedTotals;

/** Which connection and model served the gateway's calls this month (as routes spread them), with calls and cost. */
class ServedGrid extends Grid<ServedTotals.Served> {

    ServedGrid(ServedTotals totals, long organizationId) {
        addColumn(ServedTotals.Served::connection).setHeader("Connection").setAutoWidth(true);
        addColumn(ServedTotals.Served::model).setHeader("Model").setAutoWidth(true);
        addColumn(served -> String.format("%,d", served.calls())).setHeader("Calls").setAutoWidth(true);
        addColumn(ServedGrid::cost).setHeader("Cost").setAutoWidth(true);
        setEmptyStateText("No gateway calls this month yet.");
        setAllRowsVisible(true);
        setWidthFull();
        setItems(totals.thisMonth(organizationId));
    }

    static String cost(ServedTotals.Served served) {
        String cost = served.cost() == null ? "unpriced" : MoneyText.format(served.cost());
        return served.unpriced() == 0 || served.cost() == null ? cost : cost + " (" + served.unpriced() + " unpriced)";
    }
}
