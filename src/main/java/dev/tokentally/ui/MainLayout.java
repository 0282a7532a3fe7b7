package dev.tokentally.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.avatar.Avatar;
import com.vaadin.flow.component.avatar.AvatarVariant;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.Scroller;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import com.vaadin.flow.spring.security.AuthenticationContext;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.Role;
import dev.tokentally.accounts.SignedInUser;
import dev.tokentally.accounts.TeamAccess;
import dev.tokentally.accounts.UserAccountService;
import dev.tokentally.budgets.BudgetAlertHistory;
import dev.tokentally.organizations.Organization;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.providersync.Reconciliations;
import jakarta.annotation.security.PermitAll;

/**
 * The shell around every signed-in view: navigation that lists only what the user may open, and a
 * header with the organization, the light/dark switch and the user menu.
 */
@Layout
@PermitAll
public class MainLayout extends AppLayout implements AfterNavigationObserver {

    /** Views every member may open, but only team managers (and admins) find anything in. */
    private static final Set<String> MANAGER_ROUTES = Set.of("teams", "budgets");

    private final H1 viewTitle = new H1();

    MainLayout(CurrentUser currentUser, OrganizationService organizations, UserAccountService users,
               AuthenticationContext authentication, BudgetAlertHistory alerts, Reconciliations reconciliations,
               TeamAccess teamAccess) {
        SignedInUser me = currentUser.require();
        setPrimarySection(Section.DRAWER);

        Span brand = new Span("Tokentally");
        brand.addClassNames(LumoUtility.FontWeight.BOLD, LumoUtility.FontSize.LARGE, LumoUtility.Padding.MEDIUM);
        brand.setId("brand");
        // The teams and budgets views are open to every member, but worth a menu entry only to those who manage a team.
        boolean teams = me.organizationId() != null && teamAccess.managesAny(me.organizationId());
        addToDrawer(brand, new Scroller(navigation(teams)));

        viewTitle.addClassNames(LumoUtility.FontSize.LARGE, LumoUtility.Margin.NONE);
        Span organization = new Span(organizations.current().map(Organization::getName).orElse("Platform"));
        organization.setId("organization-name");
        organization.addClassNames(LumoUtility.TextColor.SECONDARY);
        onlyWiderThanAPhone(organization);

        HorizontalLayout end = new HorizontalLayout(organization);
        if (me.role() == Role.ORG_ADMIN) {
            end.add(bell(alerts.countLastWeek(me.organizationId()), "budget alerts in the last 7 days", "alerts"));
        } else if (me.isPlatformAdmin()) {
            end.add(bell(reconciliations.mismatches(), "days and models where a provider's figures disagree with ours",
                    "reconciliation"));
        }
        end.add(new ColorSchemeToggle(), userMenu(me, users, authentication));
        end.setAlignItems(FlexComponent.Alignment.CENTER);
        end.addClassNames(LumoUtility.Margin.Start.AUTO, LumoUtility.Padding.End.MEDIUM);

        HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), viewTitle, end);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        addToNavbar(header);
    }

    /**
     * What needs an admin's eye: for org admins the budget alerts of the week, for platform admins the
     * reconciliation mismatches; the bell opens the list.
     */
    private static Button bell(long count, String what, String route) {
        Button bell = new Button(VaadinIcon.BELL.create(), click -> click.getSource().getUI().ifPresent(ui -> ui.navigate(route)));
        bell.setId("alert-bell");
        bell.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
        bell.setAriaLabel(count + " " + what);
        bell.setTooltipText(count + " " + what);
        if (count > 0) {
            Span badge = new Span(String.valueOf(count));
            badge.getElement().getThemeList().add("badge error pill small");
            bell.setSuffixComponent(badge);
        }
        return bell;
    }

    /** The side navigation's sections in their order; the entries of none (Home, Chat) stand above them. */
    static final List<String> SECTIONS = List.of("Usage", "Spend control", "Billing", "Gateway", "Administration");

    /** The section of each route; a new view joins one with a line here. */
    static final Map<String, String> SECTION_OF = Map.ofEntries(
            Map.entry("dashboard", "Usage"), Map.entry("usage", "Usage"), Map.entry("requests", "Usage"), Map.entry("usage-overview", "Usage"),
            Map.entry("budgets", "Spend control"), Map.entry("alerts", "Spend control"),
            Map.entry("alert-channels", "Spend control"), Map.entry("teams", "Spend control"),
            Map.entry("invoices", "Billing"), Map.entry("pricing", "Billing"), Map.entry("prices", "Billing"),
            Map.entry("exchange-rates", "Billing"), Map.entry("billing", "Billing"),
            Map.entry("gateway", "Gateway"), Map.entry("api-keys", "Gateway"), Map.entry("chat-models", "Gateway"),
            Map.entry("agents", "Gateway"), Map.entry("providers", "Gateway"), Map.entry("own-providers", "Gateway"),
            Map.entry("platform-routes", "Gateway"),
            Map.entry("organizations", "Administration"), Map.entry("users", "Administration"),
            Map.entry("sign-in", "Administration"), Map.entry("sync", "Administration"),
            Map.entry("reconciliation", "Administration"), Map.entry("outbox", "Administration"));

    /**
     * Menu entries come from the views' {@code @Menu}, already filtered by what this user may open, grouped into
     * labelled sections; a section with nothing the user may open is left out.
     */
    private static Component navigation(boolean teams) {
        Map<String, SideNav> sections = new LinkedHashMap<>();
        SideNav top = new SideNav();
        sections.put("", top);
        SECTIONS.forEach(section -> {
            SideNav nav = new SideNav(section);
            nav.setId("nav-" + section.toLowerCase(Locale.ROOT).replace(' ', '-'));
            sections.put(section, nav);
        });
        for (MenuEntry entry : MenuConfiguration.getMenuEntries()) {
            String route = entry.path().replaceFirst("^/", "");
            if (!teams && MANAGER_ROUTES.contains(route)) {
                continue;
            }
            SideNavItem item = new SideNavItem(entry.title(), entry.path());
            if (entry.icon() != null) {
                item.setPrefixComponent(new Icon(entry.icon()));
            }
            sections.get(SECTION_OF.getOrDefault(route, "")).addItem(item);
        }
        Div navigation = new Div();
        navigation.setId("navigation");
        sections.values().stream().filter(nav -> !nav.getItems().isEmpty()).forEach(navigation::add);
        navigation.addClassNames(LumoUtility.Display.FLEX, LumoUtility.FlexDirection.COLUMN, LumoUtility.Gap.MEDIUM,
                LumoUtility.Padding.Horizontal.SMALL);
        return navigation;
    }

    private static Component userMenu(SignedInUser me, UserAccountService users, AuthenticationContext authentication) {
        Avatar avatar = new Avatar(me.displayName());
        avatar.addThemeVariants(AvatarVariant.LUMO_XSMALL);
        MenuBar menu = new MenuBar();
        menu.setId("user-menu");
        menu.addThemeVariants(MenuBarVariant.LUMO_TERTIARY_INLINE);
        Span name = new Span(me.displayName());
        onlyWiderThanAPhone(name);
        var root = menu.addItem(new HorizontalLayout(avatar, name));
        root.getSubMenu().addItem("Profile", event -> root.getUI().ifPresent(ui -> ui.navigate(ProfileView.class)));
        root.getSubMenu().addItem("Change password", event -> new ChangePasswordDialog(users).open());
        root.getSubMenu().addItem("Sign out", event -> authentication.logout());
        return menu;
    }

    /** Hidden on a phone, where the header has no room for it (the avatar and the drawer remain). */
    private static void onlyWiderThanAPhone(Component component) {
        component.addClassNames(LumoUtility.Display.HIDDEN, LumoUtility.Display.Breakpoint.Small.FLEX);
    }

    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        viewTitle.setText(MenuConfiguration.getPageHeader(getContent()).orElse(""));
    }
}
