package dev.tokentally.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tokentally.organizations.CurrentUser;
import dev.tokentally.organizations.Organization;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.organizations.SignedInUser;
import jakarta.annotation.security.PermitAll;

/** Where everyone lands after signing in: who they are and the organization's settings. */
@Route("")
@PageTitle("Home")
@Menu(order = 0, icon = "vaadin:home", title = "Home")
@PermitAll
public class HomeView extends VerticalLayout {

    HomeView(CurrentUser currentUser, OrganizationService organizations) {
        SignedInUser me = currentUser.require();
        add(new H2("Welcome, " + me.displayName()));
        add(new Paragraph("You are signed in as " + me.email() + " (" + me.role().label() + ")."));
        organizations.current().ifPresentOrElse(
                organization -> add(organizationFacts(organization)),
                () -> add(new Paragraph("As platform admin you run the installation: "
                        + "organizations and their users are in the menu.")));
    }

    private static Component organizationFacts(Organization organization) {
        Div facts = new Div(
                fact("Organization", organization.getName()),
                fact("Time zone", organization.getTimeZone()),
                fact("Billing currency", organization.getCurrency()),
                fact("Markup", organization.getMarkupPercent().stripTrailingZeros().toPlainString() + " %"));
        facts.setId("organization-facts");
        facts.setMaxWidth("48rem");
        facts.getStyle().set("grid-template-columns", "repeat(auto-fit, minmax(10rem, 1fr))");
        facts.addClassNames(LumoUtility.Display.GRID, LumoUtility.Gap.MEDIUM, LumoUtility.Padding.MEDIUM,
                LumoUtility.Background.CONTRAST_5, LumoUtility.BorderRadius.LARGE);
        return facts;
    }

    private static Component fact(String label, String value) {
        Span labelSpan = new Span(label);
        labelSpan.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        Span valueSpan = new Span(value);
        valueSpan.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
        return new Div(labelSpan, new Div(valueSpan));
    }
}
