package dev.tokentally.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.server.VaadinSession;
import dev.tokentally.ui.AccessDeniedView;
import dev.tokentally.ui.LoginView;

/** Browserless view tests: the real views, services and database, with a simulated browser. */
@TokentallyTest
public abstract class ViewTest extends SpringBrowserlessTest {

    /**
     * Navigating to the view turns the user away: to the "no access" page (or, not signed in, to sign in).
     * A view that crashes instead lands on an error page and fails this.
     */
    protected void assertDenied(Class<? extends Component> view) {
        UI.getCurrent().navigate(view);
        assertThat(getCurrentView()).isInstanceOfAny(AccessDeniedView.class, LoginView.class);
    }

    /** Opens the view as its URL with these query parameters would. */
    protected <T extends Component> T navigate(Class<T> view, QueryParameters parameters) {
        UI.getCurrent().navigate(view, parameters);
        return view.cast(getCurrentView());
    }

    /** The last button on the page with the text, such as the Save of the dialog just opened. */
    protected Button button(String text) {
        return $(Button.class).all().stream().filter(button -> text.equals(button.getText())).reduce((a, b) -> b).orElseThrow();
    }

    /**
     * Runs what other threads handed to the page with {@code UI.access} (a live update after a recording, say), as
     * server push would once the test's request let go of the session.
     */
    protected void runPushedChanges() {
        VaadinSession session = VaadinSession.getCurrent();
        session.getService().runPendingAccessTasks(session);
    }

    protected String notificationText() {
        return test($(Notification.class).last()).getText();
    }
}
