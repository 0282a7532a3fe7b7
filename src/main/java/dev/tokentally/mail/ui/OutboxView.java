package dev.tokentally.mail.ui;

import java.time.ZoneId;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.IFrame;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.DateText;
import dev.tokentally.mail.MailOutbox;
import dev.tokentally.mail.OutboxMail;
import dev.tokentally.organizations.OrganizationService;
import jakarta.annotation.security.RolesAllowed;

/**
 * Every mail Tokentally wrote, newest first, with its delivery state, and each one readable as sent.
 * With no SMTP server configured this is where alerts wait, so a new installation shows what it would send.
 */
@Route("outbox")
@PageTitle("Outbox")
@Menu(order = 40, icon = "vaadin:envelopes", title = "Outbox")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.ORG_ADMIN})
public class OutboxView extends VerticalLayout {

    final Grid<OutboxMail> grid = new Grid<>();

    OutboxView(MailOutbox outbox, OrganizationService organizations) {
        ZoneId zone = organizations.currentZone();
        grid.addColumn(mail -> DateText.format(mail.createdAt(), zone)).setHeader(DateText.header("Written", zone)).setAutoWidth(true);
        grid.addColumn(OutboxMail::recipients).setHeader("To").setAutoWidth(true);
        grid.addColumn(OutboxMail::subject).setHeader("Subject").setFlexGrow(1);
        grid.addColumn(OutboxMail::status).setHeader("Status").setAutoWidth(true);
        grid.addColumn(mail -> mail.lastError() == null ? "" : mail.lastError()).setHeader("Last error").setAutoWidth(true);
        grid.setItems(query -> outbox.recent(query.getOffset(), query.getLimit()).stream(), query -> (int) outbox.count());
        grid.addItemClickListener(click -> show(click.getItem()));
        grid.setEmptyStateText("No mail yet. Budget alerts and invoices are written here before they are sent.");
        add(new Paragraph("Mail is written here first and then delivered; without mail delivery configured "
                + "(SPRING_MAIL_HOST) it stays here. Click a mail to read it."), grid);
        setSizeFull();
    }

    private void show(OutboxMail mail) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(mail.subject());
        IFrame html = new IFrame();
        // The mail is our own escaped template; the sandbox keeps it from running anything all the same.
        html.setSandbox(IFrame.SandboxType.RESTRICT_ALL);
        html.setSrcdoc(mail.html());
        html.setWidth("100%");
        html.setHeight("28rem");
        html.getStyle().set("border", "none");
        TabSheet tabs = new TabSheet();
        tabs.add("HTML", html);
        tabs.add("Plain text", new Pre(mail.plainText()));
        tabs.setWidthFull();
        dialog.add(new Paragraph("To " + mail.recipients() + (mail.attachmentName() == null ? "" : " · attachment "
                + mail.attachmentName())), tabs);
        dialog.getFooter().add(new Button("Close", click -> dialog.close()));
        dialog.setWidth("48rem");
        dialog.open();
    }
}
