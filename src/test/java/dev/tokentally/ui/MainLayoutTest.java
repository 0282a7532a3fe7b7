package dev.tokentally.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.context.support.WithUserDetails;

class MainLayoutTest extends ViewTest {

    /** Every entry of the side navigation, section after section. */
    private List<String> menu() {
        return $(SideNav.class).all().stream().flatMap(nav -> nav.getItems().stream()).map(SideNavItem::getLabel).toList();
    }

    /** The sections' headers and their entries, in order; the entries above the sections under "". */
    private Map<String, List<String>> sections() {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        $(SideNav.class).all().forEach(nav -> sections.put(nav.getLabel() == null ? "" : nav.getLabel(),
                nav.getItems().stream().map(SideNavItem::getLabel).toList()));
        return sections;
    }

    private String organizationInHeader() {
        return $(Span.class).withId("organization-name").single().getText();
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void member_sees_only_what_members_may_open() {
        navigate(HomeView.class);

        assertThat(menu()).as("Alice manages Research").containsExactly("Home", "Chat", "Dashboard", "Usage explorer", "Budgets", "Teams",
                "Gateway");
        assertThat(sections()).containsExactly(Map.entry("", List.of("Home", "Chat")),
                Map.entry("Usage", List.of("Dashboard", "Usage explorer")), Map.entry("Spend control", List.of("Budgets", "Teams")),
                Map.entry("Gateway", List.of("Gateway")));
        assertThat(organizationInHeader()).isEqualTo("Acme Corp");
    }

    @Test
    @WithUserDetails("bob@acme.test")
    void member_who_manages_no_team_has_no_teams_entry() {
        navigate(HomeView.class);

        assertThat(menu()).containsExactly("Home", "Chat", "Dashboard", "Usage explorer", "Gateway");
        assertThat(sections()).as("a member sees no Administration, nor sections with nothing for her")
                .containsOnlyKeys("", "Usage", "Gateway");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void org_admin_sees_users_and_their_pricing_but_not_organizations() {
        navigate(HomeView.class);

        assertThat(sections()).containsExactly(Map.entry("", List.of("Home", "Chat")),
                Map.entry("Usage", List.of("Dashboard", "Usage explorer", "Requests")),
                Map.entry("Spend control", List.of("Budgets", "Budget alerts", "Teams", "Alert channels")),
                Map.entry("Billing", List.of("Pricing", "Billing", "Invoices")),
                Map.entry("Gateway", List.of("API keys", "Chat models", "Agents", "Own providers", "Gateway")),
                Map.entry("Administration", List.of("Users", "Sign-in", "Provider sync", "Outbox")));
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void platform_admin_sees_organizations_users_and_the_price_catalog() {
        navigate(HomeView.class);

        assertThat(sections()).containsExactly(Map.entry("", List.of("Home")), Map.entry("Usage", List.of("Requests", "Usage overview")),
                Map.entry("Billing", List.of("Price catalog", "Exchange rates", "Pricing", "Billing", "Invoices")),
                Map.entry("Gateway", List.of("Providers", "Platform routes")),
                Map.entry("Administration", List.of("Organizations", "Users", "Sign-in", "Provider sync", "Reconciliation", "Outbox")));
        assertThat(organizationInHeader()).isEqualTo("Platform");
    }

    @Test
    @WithUserDetails("admin@globex.test")
    void home_shows_the_organizations_settings() {
        navigate(HomeView.class);

        String facts = $(com.vaadin.flow.component.html.Div.class).withId("organization-facts").single().getElement().getTextRecursively();
        assertThat(facts).contains("Globex", "America/New_York", "USD", "0 %");
    }
}
