package dev.tokentally.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.RouteConfiguration;
import jakarta.annotation.security.PermitAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.context.support.WithUserDetails;

/** {@link ViewTest#assertDenied} passes only for a view that turns the user away, not for one that breaks. */
class AssertDeniedTest extends ViewTest {

    /** Opens for anyone signed in, then fails as a bug would. */
    @PermitAll
    public static class CrashingView extends Div implements BeforeEnterObserver {
        @Override
        public void beforeEnter(BeforeEnterEvent event) {
            throw new IllegalStateException("a bug, not a refusal");
        }
    }

    /** Opens for anyone signed in, then refuses as a view guarding its data does. */
    @PermitAll
    public static class RefusingView extends Div implements BeforeEnterObserver {
        @Override
        public void beforeEnter(BeforeEnterEvent event) {
            throw new AccessDeniedException();
        }
    }

    @BeforeEach
    void routes() {
        RouteConfiguration routes = RouteConfiguration.forSessionScope();
        routes.setRoute("assert-denied-crashing", CrashingView.class);
        routes.setRoute("assert-denied-refusing", RefusingView.class);
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void a_view_that_crashes_instead_of_refusing_fails_assert_denied() {
        assertThatThrownBy(() -> assertDenied(CrashingView.class)).isInstanceOf(AssertionError.class);
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void a_view_that_refuses_passes_assert_denied() {
        assertDenied(RefusingView.class);
    }
}
