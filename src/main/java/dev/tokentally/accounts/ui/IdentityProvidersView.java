package dev.tokentally.accounts.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.provider.CallbackDataProvider;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.IdentityProvider;
import dev.tokentally.accounts.IdentityProviders;
import dev.tokentally.accounts.SignedInUser;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.TokentallyProperties;
import dev.tokentally.base.ui.GridFit;
import dev.tokentally.base.ui.RowActions;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.organizations.Organization;
import dev.tokentally.organizations.OrganizationService;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.data.domain.PageRequest;

/**
 * Sign-in with OpenID Connect: platform admins manage any number of identity providers, each joining new
 * users to an organization; an org admin manages their organization's one and may turn password sign-in off
 * for its members.
 */
@Route("sign-in")
@PageTitle("Sign-in")
@Menu(order = 24, icon = "vaadin:sign-in", title = "Sign-in")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.ORG_ADMIN})
public class IdentityProvidersView extends VerticalLayout {

    final Button create = new Button("New identity provider", VaadinIcon.PLUS.create());
    final Grid<IdentityProvider> grid = new Grid<>();
    /** Org admins only: whether their members may still sign in with a password. */
    final Checkbox passwordSignIn = new Checkbox("Members may sign in with a password");

    private final IdentityProviders providers;
    private final OrganizationService organizations;
    private final SignedInUser me;

    IdentityProvidersView(IdentityProviders providers, OrganizationService organizations, CurrentUser currentUser,
                          TokentallyProperties site) {
        String baseUrl = site.baseUrl();
        this.providers = providers;
        this.organizations = organizations;
        this.me = currentUser.require();
        setSizeFull();

        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(event -> edit(null));
        grid.addColumn(IdentityProvider::name).setHeader("Name").setAutoWidth(true);
        Grid.Column<IdentityProvider> issuer = grid.addColumn(IdentityProvider::issuerUri).setHeader("Issuer");
        grid.addColumn(IdentityProvider::signsIn).setHeader("Signs in").setAutoWidth(true);
        grid.addColumn(provider -> provider.roles().defaultRole().label()).setHeader("Default role").setAutoWidth(true);
        grid.addColumn(provider -> provider.audience().allowedDomains().isEmpty() ? "any" : provider.audience().allowedDomains())
                .setHeader("Email domains").setAutoWidth(true);
        grid.addColumn(provider -> !provider.enabled() ? "off" : provider.shownOnLoginPage() ? "to everyone" : "at its domains")
                .setHeader("Offered").setAutoWidth(true);
        Grid.Column<IdentityProvider> redirectUri = grid.addColumn(provider -> baseUrl.replaceAll("/$", "") + provider.redirectPath())
                .setHeader("Redirect URI");
        grid.addComponentColumn(provider -> RowActions.editAndDelete(() -> edit(provider), "Delete " + provider.name() + "?",
                "Its users keep their accounts but can no longer sign in with it.", () -> delete(provider)))
                .setKey("actions").setFlexGrow(0).setAutoWidth(true);
        grid.setEmptyStateText("No identity providers yet.");
        GridFit.wrap(grid, issuer, redirectUri);
        redirectUri.setFlexGrow(2);

        add(new Paragraph("The sign-in page asks for the email address first and offers \"Sign in with <name>\" of the "
                + "provider whose domains include it. A provider bound to an organization signs in that organization's users "
                + "only, never a platform admin: the first sign-in creates the user there with the role its claims give, later "
                + "ones update name and role. An existing account is signed in only when the provider says its email is "
                + "verified. Register the redirect URI shown at the provider; it stays the same when you edit the settings."));
        HorizontalLayout toolbar = new HorizontalLayout(create);
        toolbar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        if (!me.isPlatformAdmin()) {
            passwordSignIn.setValue(providers.passwordSignIn(me.organizationId()));
            passwordSignIn.addValueChangeListener(event -> {
                if (event.isFromClient()) {
                    changePasswordSignIn(event.getValue());
                }
            });
            toolbar.add(passwordSignIn);
        }
        add(toolbar, grid);
        grid.setItems(query -> providers.page(query.getOffset(), query.getLimit()).stream());
        refresh();
    }

    private void changePasswordSignIn(boolean allowed) {
        try {
            providers.setPasswordSignIn(me.organizationId(), allowed);
            Notification.show(allowed ? "Members may sign in with a password again"
                    : "Members now sign in through the identity provider only");
        } catch (IllegalArgumentException refused) {
            passwordSignIn.setValue(!allowed);
            Saving.showError(refused.getMessage());
        }
    }

    private void edit(IdentityProvider provider) {
        CallbackDataProvider.FetchCallback<Organization, String> choices = me.isPlatformAdmin()
                ? query -> organizations.list(query.getFilter().orElse(""), PageRequest.of(query.getPage(), query.getPageSize())).stream()
                : null;
        boolean ownedByOrganization = provider != null && provider.ownerOrganizationId() != null;
        Organization current = provider == null || !me.isPlatformAdmin() || provider.audience().organizationId() == null ? null
                : organizations.get(provider.audience().organizationId());
        new IdentityProviderDialog(provider == null ? "New identity provider" : "Edit " + provider.name(),
                provider == null ? providers.newSettings() : provider.settings(), provider == null,
                ownedByOrganization ? null : choices, current,
                settings -> {
                    IdentityProvider saved = provider == null ? providers.create(settings) : providers.update(provider.id(), settings);
                    return saved.settings();
                }, this::refresh).open();
    }

    private void delete(IdentityProvider provider) {
        try {
            providers.delete(provider.id());
        } catch (IllegalArgumentException | NotFoundException refused) {
            Saving.showError(refused.getMessage());
        }
        refresh();
    }

    private void refresh() {
        grid.getDataProvider().refreshAll();
        // An organization has one provider of its own.
        create.setVisible(me.isPlatformAdmin() || providers.page(0, 1).isEmpty());
    }
}
