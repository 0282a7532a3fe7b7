package dev.tokentally.organizations.ui;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.tokentally.base.Roles;
import dev.tokentally.organizations.Organization;
import dev.tokentally.organizations.OrganizationService;
import jakarta.annotation.security.RolesAllowed;

/** Platform admins list, create and edit the organizations of the installation. */
@Route("organizations")
@PageTitle("Organizations")
@Menu(order = 10, icon = "vaadin:building", title = "Organizations")
@RolesAllowed(Roles.PLATFORM_ADMIN)
public class OrganizationsView extends VerticalLayout {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    final TextField filter = new TextField();
    final Button create = new Button("New organization", VaadinIcon.PLUS.create());
    final Grid<Organization> grid = new Grid<>(Organization.class, false);

    private final OrganizationService organizations;

    OrganizationsView(OrganizationService organizations) {
        this.organizations = organizations;
        setSizeFull();

        filter.setPlaceholder("Search name or slug");
        filter.setPrefixComponent(VaadinIcon.SEARCH.create());
        filter.setClearButtonVisible(true);
        filter.setValueChangeMode(ValueChangeMode.LAZY);
        filter.addValueChangeListener(event -> grid.getDataProvider().refreshAll());
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(event -> edit(new Organization()));

        grid.addColumn(Organization::getName).setHeader("Name").setSortProperty("name").setFlexGrow(2);
        grid.addColumn(Organization::getSlug).setHeader("Slug").setSortProperty("slug");
        grid.addColumn(Organization::getTimeZone).setHeader("Time zone").setSortProperty("timeZone");
        grid.addColumn(Organization::getCurrency).setHeader("Currency").setSortProperty("currency");
        grid.addColumn(organization -> organization.getMarkupPercent().stripTrailingZeros().toPlainString() + " %")
                .setHeader("Markup").setSortProperty("markupPercent");
        grid.addColumn(organization -> organization.getCreatedAt() == null ? "" : DAY.format(organization.getCreatedAt()))
                .setHeader("Created").setSortProperty("createdAt");
        grid.setItems(query -> organizations.list(filter.getValue(),
                VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        grid.setEmptyStateText("No organization matches. Create one with \"New organization\".");
        grid.addItemClickListener(event -> edit(organizations.get(event.getItem().getId())));

        add(new HorizontalLayout(filter, create), grid);
    }

    private void edit(Organization organization) {
        Long id = organization.getId();
        new OrganizationDialog(organization,
                edited -> id == null ? organizations.create(edited) : organizations.update(id, edited),
                () -> grid.getDataProvider().refreshAll()).open();
    }
}
