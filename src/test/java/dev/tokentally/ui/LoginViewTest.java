package dev.tokentally.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.html.Div;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.context.support.WithAnonymousUser;

class LoginViewTest extends ViewTest {

    @Test
    @WithAnonymousUser
    void anonymous_visitors_are_sent_to_sign_in_where_demo_accounts_are_listed() {
        navigate("", LoginView.class);

        String demo = $(Div.class).withId("demo-accounts").single().getElement().getTextRecursively();
        assertThat(demo).contains("admin@acme.test", "alice@acme.test", "root@tokentally.test", "demo");
    }
}
