package dev.tokentally.invoicing.ui;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.SignedInUser;
import dev.tokentally.base.Money;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.DateFields;
import dev.tokentally.base.ui.DateText;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.invoicing.Invoice;
import dev.tokentally.invoicing.Invoices;
import dev.tokentally.invoicing.MonthlyInvoiceRun;
import dev.tokentally.organizations.Organization;
import dev.tokentally.organizations.OrganizationService;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;

/**
 * Invoices and credit notes, newest first: org admins see their organization's, platform admins everyone's
 * with a filter. Drafts are created for any period; platform admins can draft a period for all organizations.
 */
@Route("invoices")
@PageTitle("Invoices")
@Menu(order = 35, icon = "vaadin:invoice", title = "Invoices")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.ORG_ADMIN})
public class InvoicesView extends VerticalLayout {

    final Select<Invoice.Status> status = new Select<>();
    final ComboBox<Organization> organization = new ComboBox<>("Organization");
    final DatePicker first = DateFields.iso(new DatePicker("From"));
    final DatePicker last = DateFields.iso(new DatePicker("To"));
    final Button createDraft = new Button("Create draft");
    final Button draftAll = new Button("Draft for all organizations");
    final Button billingDetails = new Button("Billing details");
    final ProgressBar progress = new ProgressBar();
    final Span progressText = new Span();
    final Grid<Invoice> grid = new Grid<>();

    private final Invoices invoices;
    private final SignedInUser me;
    private final Clock clock;

    InvoicesView(Invoices invoices, MonthlyInvoiceRun run, OrganizationService organizations, CurrentUser currentUser,
                 Clock clock) {
        this.invoices = invoices;
        this.clock = clock;
        this.me = currentUser.require();
        ZoneId zone = me.isPlatformAdmin() ? ZoneId.of("UTC") : organizations.locale(me.organizationId()).zone();
        LocalDate lastMonth = LocalDate.ofInstant(clock.instant(), zone).minusMonths(1);
        first.setValue(lastMonth.withDayOfMonth(1));
        last.setValue(lastMonth.withDayOfMonth(lastMonth.lengthOfMonth()));

        status.setLabel("Status");
        status.setItems(Invoice.Status.values());
        status.setEmptySelectionAllowed(true);
        status.setItemLabelGenerator(value -> value == null ? "All" : value.name().charAt(0) + value.name().substring(1).toLowerCase());
        status.addValueChangeListener(change -> grid.getDataProvider().refreshAll());
        List<Organization> all = me.isPlatformAdmin() ? organizations.list("", PageRequest.of(0, 1000)) : List.of();
        organization.setItems(all);
        organization.setItemLabelGenerator(Organization::getName);
        organization.setClearButtonVisible(true);
        organization.setVisible(me.isPlatformAdmin());
        organization.setPlaceholder("All");
        organization.addValueChangeListener(change -> grid.getDataProvider().refreshAll());

        createDraft.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        createDraft.addClickListener(click -> createDraft());
        draftAll.setVisible(me.isPlatformAdmin());
        draftAll.addClickListener(click -> draftAll(run, all.size()));
        progress.setVisible(false);
        progress.setWidth("12rem");

        grid.addColumn(Invoice::title).setHeader("Document").setAutoWidth(true);
        if (me.isPlatformAdmin()) {
            grid.addColumn(invoice -> all.stream().filter(o -> o.getId() == invoice.organizationId()).findFirst()
                    .map(Organization::getName).orElse("")).setHeader("Organization").setAutoWidth(true);
        }
        grid.addColumn(Invoice::coverage).setHeader("Covers").setAutoWidth(true);
        grid.addColumn(invoice -> invoice.status().name().charAt(0) + invoice.status().name().substring(1).toLowerCase())
                .setHeader("Status").setAutoWidth(true);
        grid.addColumn(invoice -> MoneyText.format(new Money(invoice.amounts().total(), invoice.amounts().currency())))
                .setHeader("Total").setAutoWidth(true);
        grid.addColumn(invoice -> DateText.format(invoice.lifecycle().issueDate())).setHeader("Issued").setAutoWidth(true);
        grid.addColumn(invoice -> DateText.format(invoice.lifecycle().dueDate())).setHeader("Due").setAutoWidth(true);
        grid.setItems(query -> invoices.page(organizationFilter(), status.getValue(), query.getOffset(), query.getLimit()).stream(),
                query -> (int) invoices.count(organizationFilter(), status.getValue()));
        grid.addColumn(invoice -> invoice.scope().bills() == Invoice.Bills.TOP_UP ? "Top-up" : "Usage").setHeader("Kind")
                .setAutoWidth(true);
        grid.addItemClickListener(click -> new InvoiceDialog(click.getItem(), invoices, clock, grid.getDataProvider()::refreshAll).open());
        grid.setEmptyStateText("No invoices yet. Create a draft for a period; on the first of each month a draft for the "
                + "previous month is made by itself.");

        // Team managers reach the statements from their dashboard; platform admins have no team view.
        Anchor chargeback = new Anchor("chargeback", "Chargeback statements by team");
        chargeback.setVisible(!me.isPlatformAdmin());
        // An organization's own VAT id and address; platform admins edit them under Organizations.
        billingDetails.setVisible(!me.isPlatformAdmin());
        billingDetails.addClickListener(click -> organizations.current()
                .ifPresent(own -> new BillingIdentityDialog(own, organizations).open()));
        HorizontalLayout filters = new HorizontalLayout(status, organization, chargeback, billingDetails);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        HorizontalLayout drafting = new HorizontalLayout(first, last, createDraft, draftAll, progress, progressText);
        drafting.setAlignItems(FlexComponent.Alignment.BASELINE);
        drafting.setWrap(true);
        add(filters, drafting, grid);
        setSizeFull();
    }

    private Long organizationFilter() {
        return organization.getValue() == null ? null : organization.getValue().getId();
    }

    private void createDraft() {
        Long target = me.isPlatformAdmin() ? organizationFilter() : me.organizationId();
        if (target == null) {
            organization.setErrorMessage("Choose the organization to draft for");
            organization.setInvalid(true);
            return;
        }
        organization.setInvalid(false);
        try {
            Invoice draft = invoices.createDraft(target, first.getValue(), last.getValue());
            grid.getDataProvider().refreshAll();
            new InvoiceDialog(draft, invoices, clock, grid.getDataProvider()::refreshAll).open();
        } catch (IllegalArgumentException invalid) {
            last.setErrorMessage(invalid.getMessage());
            last.setInvalid(true);
        }
    }

    /** Drafts every organization in the background, pushing progress to the page as each one is done. */
    private void draftAll(MonthlyInvoiceRun run, int organizations) {
        if (first.getValue() == null || last.getValue() == null || last.getValue().isBefore(first.getValue())) {
            last.setErrorMessage("Choose a period whose last day is not before its first");
            last.setInvalid(true);
            return;
        }
        UI ui = UI.getCurrent();
        LocalDate from = first.getValue();
        LocalDate to = last.getValue();
        draftAll.setEnabled(false);
        progress.setVisible(true);
        progress.setValue(0);
        progressText.setText("0 of " + organizations);
        Thread.ofVirtual().name("draft-all").start(new DelegatingSecurityContextRunnable(() -> {
            try {
                run.draftAll(from, to, done -> ui.access(() -> {
                    progress.setValue(organizations == 0 ? 1 : (double) done / organizations);
                    progressText.setText(done + " of " + organizations);
                }));
                ui.access(() -> progressText.setText("Drafts ready for " + organizations + " organizations"));
            } catch (RuntimeException failure) {
                ui.access(() -> Saving.showError("Drafting stopped: " + failure.getMessage()));
            } finally {
                ui.access(() -> {
                    draftAll.setEnabled(true);
                    progress.setVisible(false);
                    grid.getDataProvider().refreshAll();
                });
            }
        }));
    }
}
