package dev.tokentally.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.tokentally.base.DemoMode;
import dev.tokentally.organizations.IdentityProviders;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithAnonymousUser;

class LoginViewTest extends ViewTest {

    @Autowired
    AuthenticationContext authentication;
    @Autowired
    IdentityProviders identityProviders;
    @Autowired
    JdbcClient jdbc;

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
        LoginView view = new LoginView(new DemoMode(false), authentication, identityProviders);

        assertThat(view.getChildren()).noneMatch(child -> child.getId().filter("demo-accounts"::equals).isPresent());
    }

    @Test
    @WithAnonymousUser
    void each_enabled_identity_provider_is_offered_beside_the_password_form() {
        insertProvider("Acme SSO", "acme-sso-registration", true);
        insertProvider("Old SSO", "old-sso-registration", false);

        LoginView view = navigate(LoginView.class);

        assertThat($(Anchor.class).all()).singleElement().satisfies(link -> {
            assertThat(link.getText()).isEqualTo("Sign in with Acme SSO");
            assertThat(link.getHref()).isEqualTo("oauth2/authorization/acme-sso-registration");
        });
        assertThat(view.form.isVisible()).isTrue();
    }

    private void insertProvider(String name, String registrationId, boolean enabled) {
        jdbc.sql("""
                        insert into identity_provider (registration_id, name, issuer_uri, client_id, sealed_client_secret,
                          organization_id, default_role, enabled)
                        values (?, ?, 'https://login.acme.test', 'tokentally', 'v1:unused', (select id from organization where slug = 'acme'),
                          'MEMBER', ?)""")
                .params(registrationId, name, enabled).update();
    }
}
