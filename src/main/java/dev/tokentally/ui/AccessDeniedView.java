package dev.tokentally.ui;

import java.util.Arrays;
import java.util.Optional;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.server.HttpStatusCode;
import dev.tokentally.base.Roles;
import jakarta.annotation.security.RolesAllowed;

/**
 * A signed-in user asked for a view their role does not open (a link an admin shared, say): they stay
 * inside the application, navigation kept, and are told whom to ask. Replaces Vaadin's default, which
 * shows a bare "Could not navigate" page. A visitor who is not signed in never gets here: Vaadin sends
 * them to sign in first.
 */
@ParentLayout(MainLayout.class)
public class AccessDeniedView extends VerticalLayout implements HasErrorParameter<AccessDeniedException>, HasDynamicTitle {

    private final Paragraph message = new Paragraph();

    AccessDeniedView() {
        message.setId("access-denied");
        add(message, new Anchor("", "Go to Home"));
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
        Optional<Class<? extends Component>> view = RouteConfiguration.forApplicationScope().getRoute(event.getLocation().getPath());
        String name = view.map(AccessDeniedView::name).orElse("this page");
        String whom = view.map(AccessDeniedView::onlyForPlatformAdmins).orElse(false) ? "a platform admin" : "an organization admin";
        message.setText("You do not have access to " + name + " — ask " + whom + ".");
        return HttpStatusCode.FORBIDDEN.getCode();
    }

    /** The name the navigation gives the view, else its title. */
    private static String name(Class<? extends Component> view) {
        Menu menu = view.getAnnotation(Menu.class);
        if (menu != null && !menu.title().isBlank()) {
            return menu.title();
        }
        PageTitle title = view.getAnnotation(PageTitle.class);
        return title != null ? title.value() : "this page";
    }

    private static boolean onlyForPlatformAdmins(Class<? extends Component> view) {
        RolesAllowed roles = view.getAnnotation(RolesAllowed.class);
        return roles != null && Arrays.equals(roles.value(), new String[] {Roles.PLATFORM_ADMIN});
    }

    @Override
    public String getPageTitle() {
        return "No access";
    }
}
