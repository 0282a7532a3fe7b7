package dev.tokentally.reporting.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.usage.CurrencyTotals;
import dev.tokentally.usage.LiveUsageBroadcaster;
import dev.tokentally.usage.OrganizationTotals;
import dev.tokentally.usage.UsageTotals;
import jakarta.annotation.security.RolesAllowed;

/**
 * The platform admin's dashboard: the platform's totals (summed per billing currency, never converted) and every
 * organization's today and month to date, live.
 */
@Route("usage-overview")
@PageTitle("Usage overview")
@Menu(order = 5, icon = "vaadin:chart", title = "Usage overview")
@RolesAllowed(Roles.PLATFORM_ADMIN)
public class UsageOverviewView extends VerticalLayout {

    final Grid<CurrencyTotals> platform = new Grid<>(CurrencyTotals.class, false);
    final Grid<OrganizationTotals> grid = new Grid<>(OrganizationTotals.class, false);

    private final UsageTotals totals;
    private final LiveUsageBroadcaster broadcaster;
    private LiveUsageBroadcaster.Subscription subscription;

    UsageOverviewView(UsageTotals totals, LiveUsageBroadcaster broadcaster) {
        this.totals = totals;
        this.broadcaster = broadcaster;
        setSizeFull();
        platform.addColumn(CurrencyTotals::currency).setHeader("Currency").setAutoWidth(true);
        platform.addColumn(usage -> String.format("%,d", usage.organizations())).setHeader("Organizations").setAutoWidth(true);
        platform.addColumn(usage -> String.format("%,d", usage.todayRequests())).setHeader("Requests today").setAutoWidth(true);
        platform.addColumn(usage -> String.format("%,d", usage.todayTokens())).setHeader("Tokens today").setAutoWidth(true);
        platform.addColumn(usage -> MoneyText.format(usage.todayCost())).setHeader("Cost today").setAutoWidth(true);
        platform.addColumn(usage -> String.format("%,d", usage.monthTokens())).setHeader("Tokens this month").setAutoWidth(true);
        platform.addColumn(usage -> MoneyText.format(usage.monthCost())).setHeader("Cost this month").setAutoWidth(true);
        platform.setAllRowsVisible(true);
        platform.setEmptyStateText("No organizations yet.");
        grid.addColumn(OrganizationTotals::organization).setHeader("Organization").setFlexGrow(1);
        grid.addColumn(usage -> String.format("%,d", usage.todayRequests())).setHeader("Requests today").setAutoWidth(true);
        grid.addColumn(usage -> String.format("%,d", usage.todayTokens())).setHeader("Tokens today").setAutoWidth(true);
        grid.addColumn(usage -> MoneyText.format(usage.todayCost())).setHeader("Cost today").setAutoWidth(true);
        grid.addColumn(usage -> String.format("%,d", usage.monthTokens())).setHeader("Tokens this month").setAutoWidth(true);
        grid.addColumn(usage -> MoneyText.format(usage.monthCost())).setHeader("Cost this month").setAutoWidth(true);
        grid.setEmptyStateText("No organizations yet.");
        add(new H3("Platform totals"), new Paragraph("All organizations, summed per billing currency (amounts in "
                + "different currencies are not converted); each organization's today and month in its own time zone."),
                platform, new H3("Organizations"), grid);
        grid.setItems(query -> totals.allOrganizations(query.getOffset(), query.getLimit()).stream());
        platform.setItems(totals.platformTotals());
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        UI ui = event.getUI();
        subscription = broadcaster.subscribeAll(() -> ui.access(this::refresh));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        subscription.cancel();
        super.onDetach(event);
    }

    private void refresh() {
        platform.setItems(totals.platformTotals());
        grid.getDataProvider().refreshAll();
    }
}
