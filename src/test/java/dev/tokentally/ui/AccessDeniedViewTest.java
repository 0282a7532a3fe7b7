package dev.tokentally.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import dev.tokentally.invoicing.ui.InvoicesView;
import dev.tokentally.organizations.ui.OrganizationsView;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.context.support.WithAnonymousUser;
import org.springframework.security.test.context.support.WithUserDetails;

class AccessDeniedViewTest extends ViewTest {

    private String message() {
        return $(Paragraph.class).withId("access-denied").single().getText();
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void a_member_following_a_link_to_an_admin_page_is_told_whom_to_ask_with_the_navigation_kept() {
        UI.getCurrent().navigate("invoices");

        assertThat(getCurrentView()).isInstanceOf(AccessDeniedView.class);
        assertThat(message()).isEqualTo("You do not have access to Invoices — ask an organization admin.");
        assertThat($(SideNav.class).all().stream().flatMap(nav -> nav.getItems().stream())).extracting(SideNavItem::getLabel)
                .contains("Home", "Chat")
                .doesNotContain("Invoices");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void a_platform_page_names_the_platform_admin() {
        UI.getCurrent().navigate(OrganizationsView.class);

        assertThat(message()).isEqualTo("You do not have access to Organizations — ask a platform admin.");
    }

    @Test
    @WithAnonymousUser
    void a_visitor_not_signed_in_is_sent_to_sign_in() {
        UI.getCurrent().navigate(InvoicesView.class);

        assertThat(getCurrentView()).isInstanceOf(LoginView.class);
    }
}
