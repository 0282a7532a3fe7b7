package dev.tokentally.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.tokentally.base.DemoMode;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithAnonymousUser;

class LoginViewTest extends ViewTest {

    @Autowired
    AuthenticationContext authentication;

    @Test
    @WithAnonymousUser
    void anonymous_visitors_are_sent_to_sign_in_where_demo_accounts_are_listed() {
        navigate("", LoginView.class);

        String demo = $(Div.class).withId("demo-accounts").single().getElement().getTextRecursively();
        assertThat(demo).contains("admin@acme.test", "alice@acme.test", "root@tokentally.test", "demo");
    }

    @Test
    @WithAnonymousUser
    void outside_demo_mode_no_account_is_shown() {
        LoginView view = new LoginView(new DemoMode(false), authentication);

        assertThat(view.getChildren()).noneMatch(child -> child.getId().filter("demo-accounts"::equals).isPresent());
    }
}
