package dev.tokentally.accounts.ui;

import java.time.ZoneId;
import java.util.List;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.CallbackDataProvider;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.Role;
import dev.tokentally.accounts.UserAccount;
import dev.tokentally.accounts.UserAccountService;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.DateText;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.organizations.Organization;
import dev.tokentally.organizations.OrganizationService;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.data.domain.PageRequest;

/**
 * Org admins manage their organization's users; platform admins everyone's, with a filter by
 * organization.
 */
@Route("users")
@PageTitle("Users")
@Menu(order = 20, icon = "vaadin:users", title = "Users")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.ORG_ADMIN})
public class UsersView extends VerticalLayout {

    final TextField filter = new TextField();
    final ComboBox<Organization> organizationFilter = new ComboBox<>();
    final Button create = new Button("New user", VaadinIcon.PLUS.create());
    final Grid<UserAccount> grid = new Grid<>(UserAccount.class, false);

    private final UserAccountService users;
    private final boolean platformAdmin;
    private final CallbackDataProvider.FetchCallback<Organization, String> organizationChoices;

    UsersView(UserAccountService users, OrganizationService organizations, CurrentUser currentUser) {
        this.users = users;
        this.platformAdmin = currentUser.require().isPlatformAdmin();
        this.organizationChoices = platformAdmin
                ? query -> organizations.list(query.getFilter().orElse(""),
                        PageRequest.of(query.getPage(), query.getPageSize())).stream()
                : null;
        setSizeFull();

        filter.setPlaceholder("Search email or name");
        filter.setPrefixComponent(VaadinIcon.SEARCH.create());
        filter.setClearButtonVisible(true);
        filter.setValueChangeMode(ValueChangeMode.LAZY);
        filter.addValueChangeListener(event -> refresh());
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(event -> edit(new UserAccount()));
        HorizontalLayout toolbar = new HorizontalLayout(filter);
        if (platformAdmin) {
            organizationFilter.setPlaceholder("All organizations");
            organizationFilter.setClearButtonVisible(true);
            organizationFilter.setItems(organizationChoices);
            organizationFilter.setItemLabelGenerator(Organization::getName);
            organizationFilter.addValueChangeListener(event -> refresh());
            toolbar.add(organizationFilter);
        }
        toolbar.add(create);

        grid.addColumn(UserAccount::getEmail).setHeader("Email").setSortProperty("email").setAutoWidth(true);
        grid.addColumn(UserAccount::getDisplayName).setHeader("Name").setSortProperty("displayName");
        grid.addColumn(user -> user.getRole().label()).setHeader("Role").setSortProperty("role");
        if (platformAdmin) {
            grid.addColumn(UserAccount::getOrganizationName).setHeader("Organization");
        }
        grid.addComponentColumn(UsersView::status).setHeader("Status").setSortProperty("active");
        ZoneId zone = organizations.currentZone();
        grid.addColumn(user -> user.getLastSignInAt() == null ? "never" : DateText.format(user.getLastSignInAt(), zone))
                .setHeader(DateText.header("Last sign-in", zone)).setSortProperty("lastSignInAt");
        grid.addComponentColumn(this::actions).setHeader("Actions").setKey("actions").setAutoWidth(true).setFlexGrow(0);
        grid.setItems(query -> users.list(organizationFilter.getValue() == null ? null : organizationFilter.getValue().getId(),
                filter.getValue(), VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        grid.setEmptyStateText("No user matches. Add one with \"New user\".");
        grid.addItemClickListener(event -> edit(users.get(event.getItem().getId())));

        add(toolbar, grid);
    }

    private void refresh() {
        grid.getDataProvider().refreshAll();
    }

    private void edit(UserAccount user) {
        Long id = user.getId();
        List<Role> grantable = platformAdmin ? List.of(Role.values()) : List.of(Role.MEMBER, Role.ORG_ADMIN);
        new UserDialog(user, grantable, organizationChoices,
                (edited, organization, password) -> id == null
                        ? users.create(edited, organization == null ? null : organization.getId(), password)
                        : users.update(id, edited),
                this::refresh).open();
    }

    private static Component status(UserAccount user) {
        Badge badge = new Badge(user.isActive() ? "Active" : "Deactivated");
        badge.addThemeVariants(user.isActive() ? BadgeVariant.SUCCESS : BadgeVariant.CONTRAST);
        return badge;
    }

    private Component actions(UserAccount user) {
        Button toggle = new Button(user.isActive() ? "Deactivate" : "Activate");
        toggle.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        toggle.addClickListener(event -> {
            if (user.isActive()) {
                ConfirmDialog confirm = new ConfirmDialog("Deactivate " + user.getEmail() + "?",
                        "They can no longer sign in. Their usage history stays. You can activate them again later.",
                        "Deactivate", confirmed -> setActive(user, false));
                confirm.setConfirmButtonTheme("error primary");
                confirm.setCancelable(true);
                confirm.open();
            } else {
                setActive(user, true);
            }
        });
        Button reset = new Button("Reset password");
        reset.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        reset.addClickListener(event -> new ResetPasswordDialog(user,
                password -> users.resetPassword(user.getId(), password)).open());
        return new HorizontalLayout(toggle, reset);
    }

    private void setActive(UserAccount user, boolean active) {
        try {
            users.setActive(user.getId(), active);
            refresh();
        } catch (IllegalArgumentException refused) {
            Saving.showError(refused.getMessage());
        }
    }
}
