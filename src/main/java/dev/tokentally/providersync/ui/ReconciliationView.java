package dev.tokentally.providersync.ui;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import dev.tokentally.base.Roles;
import dev.tokentally.providersync.ProviderAccount;
import dev.tokentally.providersync.ProviderAccounts;
import dev.tokentally.providersync.Reconciliations;
import dev.tokentally.usage.EventFilter;
import dev.tokentally.usage.UsageEvents;
import jakarta.annotation.security.RolesAllowed;

/**
 * Our ledger beside each provider's own figures, per day and model, mismatches first; a row opens the
 * events of that day and model; the table exports as CSV.
 */
@Route("reconciliation")
@PageTitle("Reconciliation")
@Menu(order = 37, icon = "vaadin:scale", title = "Reconciliation")
@RolesAllowed(Roles.PLATFORM_ADMIN)
public class ReconciliationView extends VerticalLayout {

    final ComboBox<ProviderAccount> account = new ComboBox<>("Provider account");
    final Grid<Reconciliations.Row> grid = new Grid<>();

    private final Reconciliations reconciliations;
    private final UsageEvents events;

    ReconciliationView(Reconciliations reconciliations, ProviderAccounts accounts, UsageEvents events) {
        this.reconciliations = reconciliations;
        this.events = events;
        account.setItems(accounts.list());
        account.setItemLabelGenerator(a -> a.name() + " (" + a.provider() + ")");
        account.setClearButtonVisible(true);
        account.setPlaceholder("All");
        account.addValueChangeListener(change -> refresh());
        Anchor csv = new Anchor(DownloadHandler.fromInputStream(download -> {
            byte[] bytes = reconciliations.csv(accountFilter()).getBytes(StandardCharsets.UTF_8);
            return new DownloadResponse(new ByteArrayInputStream(bytes), "tokentally-reconciliation.csv", "text/csv", bytes.length);
        }), "Export CSV");
        csv.getElement().setAttribute("download", true);

        grid.addColumn(Reconciliations.Row::status).setHeader("Status").setAutoWidth(true);
        grid.addColumn(row -> row.day().toString()).setHeader("Day (UTC)").setAutoWidth(true);
        grid.addColumn(row -> row.account() + " · " + row.model()).setHeader("Account · model").setFlexGrow(1);
        grid.addColumn(row -> String.format("%,d", row.ourTokens())).setHeader("Our tokens").setAutoWidth(true);
        grid.addColumn(row -> String.format("%,d", row.theirTokens())).setHeader("Their tokens").setAutoWidth(true);
        grid.addColumn(row -> String.format("%+,d", row.tokenDifference())).setHeader("Difference").setAutoWidth(true);
        grid.addColumn(row -> usd(row.ourCostUsd())).setHeader("Our cost").setAutoWidth(true);
        grid.addColumn(row -> row.theirCostUsd() == null ? "not reported" : usd(row.theirCostUsd())).setHeader("Their cost")
                .setAutoWidth(true);
        grid.addItemClickListener(click -> drillDown(click.getItem()));
        grid.setEmptyStateText("Nothing reconciled yet: add a provider account under Sync and run the usage sync.");
        HorizontalLayout bar = new HorizontalLayout(account, csv);
        bar.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(new Paragraph("Per UTC day and model: tokens and USD cost as our ledger has them beside the provider's own "
                + "report. Click a row for the events of that day and model."), bar, grid);
        setSizeFull();
        grid.setItems(query -> reconciliations.page(accountFilter(), query.getOffset(), query.getLimit()).stream());
    }

    private void refresh() {
        grid.getDataProvider().refreshAll();
    }

    private Long accountFilter() {
        return account.getValue() == null ? null : account.getValue().id();
    }

    private void drillDown(Reconciliations.Row row) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(row.model() + " on " + row.day());
        Grid<UsageEvents.Listed> list = new Grid<>();
        list.addColumn(listed -> listed.event().occurredAt().toString()).setHeader("When").setAutoWidth(true);
        list.addColumn(listed -> listed.event().source().name()).setHeader("Source").setAutoWidth(true);
        list.addColumn(listed -> listed.event().tokens().input() + " in / " + listed.event().tokens().output() + " out")
                .setHeader("Tokens").setAutoWidth(true);
        list.addColumn(listed -> listed.event().cost().rawCostUsd() == null ? "unpriced" : usd(listed.event().cost().rawCostUsd()))
                .setHeader("Cost").setAutoWidth(true);
        // The explorer's days are the organization's; a day either side covers the UTC day.
        EventFilter filter = new EventFilter(row.day().minusDays(1), row.day().plusDays(1), null, row.model(), null, null, false);
        list.setItems(events.page(row.organizationId(), filter, 0, 500).stream()
                .filter(listed -> listed.event().occurredAt().atZone(java.time.ZoneOffset.UTC).toLocalDate().equals(row.day()))
                .filter(listed -> listed.event().provider().equals(row.provider())).toList());
        list.setEmptyStateText("No events of ours on that day: the provider's usage is missing here.");
        dialog.add(list);
        dialog.getFooter().add(new Button("Close", click -> dialog.close()));
        dialog.setWidth("48rem");
        dialog.open();
    }

    private static String usd(BigDecimal amount) {
        return "USD " + amount.stripTrailingZeros().toPlainString();
    }
}
