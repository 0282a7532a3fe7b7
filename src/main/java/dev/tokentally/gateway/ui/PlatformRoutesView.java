package dev.tokentally.gateway.ui;

import java.util.List;

import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.PageHelp;
import dev.tokentally.gateway.routing.GatewayRoutes;
import jakarta.annotation.security.RolesAllowed;

/** The platform-wide routes: model names every organization's applications may send, unless it defines its own. */
@Route("platform-routes")
@PageTitle("Platform routes")
@Menu(order = 34, icon = "vaadin:split", title = "Platform routes")
@RolesAllowed(Roles.PLATFORM_ADMIN)
public class PlatformRoutesView extends VerticalLayout {

    final RoutesSection routes;

    PlatformRoutesView(GatewayRoutes gatewayRoutes) {
        routes = new RoutesSection(RouteStore.platform(gatewayRoutes), List.of(), "the platform-wide", "tokentally-platform-routes.yaml");
        add(new PageHelp("Routes every organization's gateway calls may use.",
                "An organization's own route of the same name wins over a platform-wide one. Targets name models as "
                        + "calls do: openai/gpt-4o-mini, anthropic/claude-sonnet-4-5, azure/<deployment>."), routes);
        setWidthFull();
    }
}
