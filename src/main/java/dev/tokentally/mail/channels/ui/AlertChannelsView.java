package dev.tokentally.mail.channels.ui;

import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.DateText;
import dev.tokentally.base.ui.GridFit;
import dev.tokentally.mail.channels.AlertChannel;
import dev.tokentally.mail.channels.AlertChannels;
import dev.tokentally.mail.channels.ChannelEvent;
import dev.tokentally.mail.channels.ChannelKind;
import dev.tokentally.mail.channels.WebhookSignature;
import dev.tokentally.organizations.OrganizationService;
import jakarta.annotation.security.RolesAllowed;

/**
 * The organization's Slack, Microsoft Teams and webhook channels that budgets can alert. A URL is sealed
 * once added and never shown again; a webhook's signing secret is shown once, right after adding it. Each
 * channel chooses the events it receives, all of them unless its admin chooses fewer.
 */
@Route("alert-channels")
@PageTitle("Alert channels")
@Menu(order = 41, icon = "vaadin:megaphone", title = "Alert channels")
@RolesAllowed(Roles.ORG_ADMIN)
public class AlertChannelsView extends VerticalLayout {

    final TextField name = new TextField("Name");
    final Select<ChannelKind> kind = new Select<>();
    final PasswordField url = new PasswordField("URL");
    final MultiSelectComboBox<ChannelEvent> events = eventChoice();
    final Button add = new Button("Add channel");
    final Grid<AlertChannel> grid = new Grid<>();
    /** The dialog that shows a new webhook's secret; null until one was added. */
    Dialog secretDialog;
    /** The dialog that changes a channel's events; null until opened. */
    Dialog eventsDialog;

    private final AlertChannels channels;
    private final long organizationId;

    AlertChannelsView(AlertChannels channels, CurrentUser currentUser, OrganizationService organizations) {
        this.channels = channels;
        this.organizationId = currentUser.require().organizationId();
        kind.setLabel("Kind");
        kind.setItems(ChannelKind.values());
        kind.setItemLabelGenerator(ChannelKind::label);
        kind.setValue(ChannelKind.SLACK);
        url.setHelperText("Slack incoming webhook, Teams workflow webhook, or your receiver's URL; kept sealed, never shown again");
        url.setRevealButtonVisible(false);
        url.setWidth("32rem");
        url.setMaxWidth("100%");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.addClickListener(click -> add());
        HorizontalLayout form = new HorizontalLayout(name, kind, url, events, add);
        form.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        form.setWrap(true);

        grid.addColumn(AlertChannel::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(channel -> channel.kind().label()).setHeader("Kind").setAutoWidth(true);
        Grid.Column<AlertChannel> eventsColumn = grid.addColumn(channel -> describe(channel.events())).setHeader("Events");
        ZoneId zone = organizations.currentZone();
        grid.addColumn(channel -> DateText.format(channel.createdAt(), zone)).setHeader(DateText.header("Added", zone)).setAutoWidth(true);
        grid.addComponentColumn(this::actions).setHeader("").setAutoWidth(true).setFlexGrow(0);
        GridFit.wrap(grid, eventsColumn);
        grid.setEmptyStateText("No channels yet. Add one, then choose it on a budget.");
        add(new Paragraph("Budgets that choose a channel post their alerts there besides email. Deliveries, tests included, "
                + "are retried until the receiver takes them and show under Budget alerts. Issued invoices and reconciliation "
                + "mismatches go to every channel that chose them. Webhooks are signed: the "
                + WebhookSignature.HEADER + " header is t=<unix seconds>,v1=<hex HMAC-SHA256 with the secret over \"<t>.<body>\">."),
                form, grid);
        setSizeFull();
        refresh();
    }

    private HorizontalLayout actions(AlertChannel channel) {
        Button test = new Button("Send a test", click -> {
            channels.sendTest(organizationId, channel.id());
            Notification.show("Test queued for " + channel.name() + "; its delivery shows under Budget alerts");
        });
        Button chooseEvents = new Button("Events", click -> chooseEvents(channel));
        Button delete = new Button("Delete", click -> {
            channels.delete(organizationId, channel.id());
            refresh();
        });
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        return new HorizontalLayout(test, chooseEvents, delete);
    }

    private void chooseEvents(AlertChannel channel) {
        eventsDialog = new Dialog();
        eventsDialog.setHeaderTitle("Events " + channel.name() + " receives");
        MultiSelectComboBox<ChannelEvent> chosen = eventChoice();
        chosen.setValue(channel.events());
        chosen.setWidthFull();
        Button save = new Button("Save", click -> {
            try {
                channels.chooseEvents(organizationId, channel.id(), chosen.getValue());
            } catch (FieldRejectedException rejected) {
                chosen.setErrorMessage(rejected.getMessage());
                chosen.setInvalid(true);
                return;
            }
            eventsDialog.close();
            refresh();
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        eventsDialog.add(chosen);
        eventsDialog.getFooter().add(new Button("Cancel", click -> eventsDialog.close()), save);
        eventsDialog.setWidth("32rem");
        eventsDialog.open();
    }

    private static MultiSelectComboBox<ChannelEvent> eventChoice() {
        MultiSelectComboBox<ChannelEvent> choice = new MultiSelectComboBox<>("Events");
        choice.setItems(ChannelEvent.values());
        choice.setItemLabelGenerator(ChannelEvent::label);
        choice.setValue(EnumSet.allOf(ChannelEvent.class));
        return choice;
    }

    private static String describe(Set<ChannelEvent> events) {
        return events.size() == ChannelEvent.values().length ? "All events"
                : events.stream().sorted().map(ChannelEvent::label).collect(Collectors.joining(", "));
    }

    private void add() {
        name.setInvalid(false);
        url.setInvalid(false);
        events.setInvalid(false);
        AlertChannels.Added added;
        try {
            added = channels.add(organizationId, name.getValue(), kind.getValue(), url.getValue(), events.getValue());
        } catch (FieldRejectedException rejected) {
            if ("name".equals(rejected.field())) {
                name.setErrorMessage(rejected.getMessage());
                name.setInvalid(true);
            } else if ("url".equals(rejected.field())) {
                url.setErrorMessage(rejected.getMessage());
                url.setInvalid(true);
            } else if ("events".equals(rejected.field())) {
                events.setErrorMessage(rejected.getMessage());
                events.setInvalid(true);
            } else {
                Notification.show(rejected.getMessage());
            }
            return;
        }
        name.clear();
        url.clear();
        events.setValue(EnumSet.allOf(ChannelEvent.class));
        refresh();
        if (added.secret() != null) {
            showSecret(added);
        } else {
            Notification.show(added.channel().name() + " added");
        }
    }

    private void showSecret(AlertChannels.Added added) {
        secretDialog = new Dialog();
        secretDialog.setHeaderTitle("Signing secret of " + added.channel().name());
        TextField secret = new TextField("Secret");
        secret.setValue(added.secret());
        secret.setReadOnly(true);
        secret.setWidthFull();
        secretDialog.add(new Paragraph("Copy it now: it is not shown again. Your receiver verifies "
                + WebhookSignature.HEADER + " with it and refuses a timestamp older than five minutes."), secret);
        secretDialog.getFooter().add(new Button("Done", click -> secretDialog.close()));
        secretDialog.setWidth("36rem");
        secretDialog.open();
    }

    private void refresh() {
        grid.setItems(channels.list(organizationId));
    }
}
