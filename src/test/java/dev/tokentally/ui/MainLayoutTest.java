package dev.tokentally.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.context.support.WithUserDetails;

class MainLayoutTest extends ViewTest {

    private List<String> menu() {
        return $(SideNav.class).single().getItems().stream().map(SideNavItem::getLabel).toList();
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
        assertThat(organizationInHeader()).isEqualTo("Acme Corp");
    }

    @Test
    @WithUserDetails("bob@acme.test")
    void member_who_manages_no_team_has_no_teams_entry() {
        navigate(HomeView.class);

        assertThat(menu()).containsExactly("Home", "Chat", "Dashboard", "Usage explorer", "Gateway");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void org_admin_sees_users_and_their_pricing_but_not_organizations() {
        navigate(HomeView.class);

        assertThat(menu()).containsExactly("Home", "Chat", "Dashboard", "Usage explorer", "Requests", "Budgets", "Budget alerts", "Teams", "Users",
                "Sign-in", "API keys", "Chat models", "Agents", "Gateway", "Pricing", "Invoices", "Provider sync", "Outbox", "Alert channels");
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void platform_admin_sees_organizations_users_and_the_price_catalog() {
        navigate(HomeView.class);

        assertThat(menu()).containsExactly("Home", "Requests", "Usage overview", "Organizations", "Users", "Sign-in", "Price catalog", "Exchange rates", "Pricing",
                "Providers", "Invoices", "Provider sync", "Reconciliation", "Outbox");
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
