package dev.tokentally.budgets.ui;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.base.Money;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.GridFit;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.budgets.BudgetAlertHistory;
import dev.tokentally.mail.channels.ChannelDelivery;
import dev.tokentally.organizations.OrganizationLocale;
import dev.tokentally.organizations.OrganizationService;
import jakarta.annotation.security.RolesAllowed;

/** What the budgets' alerts said, to whom, and whether the mail went out. */
@Route("alerts")
@PageTitle("Budget alerts")
@Menu(order = 4, icon = "vaadin:bell", title = "Budget alerts")
@RolesAllowed(Roles.ORG_ADMIN)
public class AlertsView extends VerticalLayout {

    final Grid<BudgetAlertHistory.Entry> grid = new Grid<>();
    final Grid<ChannelDelivery> deliveries = new Grid<>();
    final Grid<BudgetAlertHistory.BalanceEntry> wallet = new Grid<>();

    AlertsView(BudgetAlertHistory history, CurrentUser currentUser, OrganizationService organizations) {
        long organizationId = currentUser.require().organizationId();
        OrganizationLocale locale = organizations.locale(organizationId);
        DateTimeFormatter when = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(locale.zone());
        grid.addColumn(entry -> when.format(entry.createdAt())).setHeader("When (" + zoneName(locale.zone()) + ")").setAutoWidth(true);
        grid.addColumn(BudgetAlertHistory.Entry::budget).setHeader("Budget").setAutoWidth(true);
        grid.addColumn(BudgetAlertHistory.Entry::what).setHeader("Alert").setAutoWidth(true);
        grid.addColumn(entry -> MoneyText.format(new Money(entry.spent(), locale.currency()).rounded()) + " of "
                + MoneyText.format(new Money(entry.amount(), locale.currency()).rounded())).setHeader("Spent").setAutoWidth(true);
        grid.addColumn(entry -> entry.mail() == null ? "nobody to tell" : entry.mail().recipients()).setHeader("To").setFlexGrow(1);
        grid.addColumn(entry -> entry.mail() == null ? "" : entry.mail().status()
                + (entry.mail().sentAt() == null ? "" : " " + when.format(entry.mail().sentAt())))
                .setHeader("Delivery").setAutoWidth(true);
        grid.addColumn(entry -> entry.mail() == null || entry.mail().lastError() == null ? "" : entry.mail().lastError())
                .setHeader("Last error").setAutoWidth(true);
        grid.setItems(query -> history.recent(organizationId, query.getOffset(), query.getLimit()).stream());
        grid.setEmptyStateText("No alerts yet. They appear here when spend passes a budget's thresholds.");
        wallet.addColumn(entry -> when.format(entry.createdAt())).setHeader("When").setAutoWidth(true);
        wallet.addColumn(BudgetAlertHistory.BalanceEntry::what).setHeader("Alert").setAutoWidth(true);
        wallet.addColumn(entry -> MoneyText.format(new Money(entry.balance(), locale.currency()).rounded())
                + (entry.threshold() == null ? "" : " (alert below " + MoneyText.format(new Money(entry.threshold(), locale.currency()).rounded()) + ")"))
                .setHeader("Balance").setAutoWidth(true);
        wallet.addColumn(entry -> entry.mail() == null ? "nobody to mail" : entry.mail().recipients()).setHeader("To").setFlexGrow(1);
        wallet.addColumn(entry -> entry.mail() == null ? "" : entry.mail().status()
                + (entry.mail().sentAt() == null ? "" : " " + when.format(entry.mail().sentAt())))
                .setHeader("Delivery").setAutoWidth(true);
        wallet.setItems(query -> history.balanceAlerts(organizationId, query.getOffset(), query.getLimit()).stream());
        wallet.setEmptyStateText("No wallet alerts. They appear when a prepaid balance falls below its alert or a call is refused for lack of it.");
        deliveries.addColumn(delivery -> when.format(delivery.createdAt())).setHeader("When").setAutoWidth(true);
        deliveries.addColumn(delivery -> delivery.channel() + " (" + delivery.kind().label() + ")").setHeader("Channel").setAutoWidth(true);
        deliveries.addColumn(ChannelDelivery::summary).setHeader("Message").setFlexGrow(1);
        deliveries.addColumn(delivery -> delivery.status() + (delivery.sentAt() == null ? "" : " " + when.format(delivery.sentAt())))
                .setHeader("Delivery").setAutoWidth(true);
        deliveries.addColumn(ChannelDelivery::attempts).setHeader("Attempts").setAutoWidth(true);
        deliveries.addColumn(delivery -> delivery.lastError() == null ? "" : delivery.lastError()).setHeader("Last error").setAutoWidth(true);
        GridFit.wrap(grid, "Budget", "Alert", "Spent", "To", "Mail", "Last error");
        GridFit.wrap(deliveries, "Channel", "Message", "Delivery", "Last error");
        GridFit.wrap(wallet, "Alert", "To");
        deliveries.setItems(query -> history.channelDeliveries(organizationId, query.getOffset(), query.getLimit()).stream());
        deliveries.setEmptyStateText("Nothing sent to alert channels yet. Choose channels on a budget, or send a test under Alert channels.");
        add(new Paragraph("Each alert is sent once per budget, period and threshold. Mail that could not be delivered yet "
                + "is retried; without mail delivery configured it waits in the Outbox."), grid,
                new H3("Wallet alerts"), wallet, new H3("Alert channel deliveries"), deliveries);
        setSizeFull();
    }

    private static String zoneName(ZoneId zone) {
        return zone.getId();
    }
}
