package dev.tokentally.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.tokentally.accounts.IdentityProviders;
import dev.tokentally.base.DemoMode;
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
        assertThat(demo).as("the prepaid organization's people").contains("admin@initech.test", "carol@initech.test");
    }

    @Test
    @WithAnonymousUser
    void outside_demo_mode_no_account_is_shown() {
        LoginView view = new LoginView(new DemoMode(false), authentication, identityProviders);

        assertThat(view.getChildren()).noneMatch(child -> child.getId().filter("demo-accounts"::equals).isPresent());
    }

    @Test
    @WithAnonymousUser
    void the_page_asks_for_the_email_first_and_lists_no_organizations_provider() {
        insertProvider("Acme SSO", "acme-sso-registration", "acme.test", true);
        insertProvider("Globex SSO", "globex-sso-registration", "globex.test", true);

        LoginView view = navigate(LoginView.class);

        assertThat($(Anchor.class).all()).as("the customers are not listed").isEmpty();
        assertThat(view.emailStep.isVisible()).isTrue();
        assertThat(view.form.isVisible()).isFalse();
    }

    @Test
    @WithAnonymousUser
    void an_address_at_a_providers_domain_is_offered_that_provider_beside_the_password_form() {
        insertProvider("Acme SSO", "acme-sso-registration", "acme.test,acme.example", true);
        insertProvider("Globex SSO", "globex-sso-registration", "globex.test", true);
        insertProvider("Old SSO", "old-sso-registration", "acme.example", false);
        LoginView view = navigate(LoginView.class);

        test(view.email).setValue("Alice@ACME.example");
        test(view.next).click();

        assertThat($(Anchor.class).all()).singleElement().satisfies(link -> {
            assertThat(link.getText()).isEqualTo("Sign in with Acme SSO");
            assertThat(link.getHref()).isEqualTo("oauth2/authorization/acme-sso-registration");
        });
        assertThat(view.signingInAs.getText()).isEqualTo("Signing in as Alice@ACME.example");
        assertThat(view.form.isVisible()).isTrue();
        assertThat(view.emailStep.isVisible()).isFalse();
    }

    @Test
    @WithAnonymousUser
    void an_address_without_a_provider_gets_the_password_form_and_can_go_back() {
        insertProvider("Acme SSO", "acme-sso-registration", "acme.test", true);
        LoginView view = navigate(LoginView.class);

        test(view.email).setValue("someone@subsidiary.acme.test");
        test(view.next).click();
        assertThat($(Anchor.class).all()).as("a subdomain is another domain").isEmpty();
        assertThat(view.form.isVisible()).isTrue();

        test(view.otherEmail).click();
        assertThat(view.emailStep.isVisible()).isTrue();
        assertThat(view.form.isVisible()).isFalse();
    }

    @Test
    @WithAnonymousUser
    void an_address_that_is_not_one_is_marked() {
        LoginView view = navigate(LoginView.class);

        test(view.email).setValue("alice");
        test(view.next).click();

        assertThat(view.email.isInvalid()).isTrue();
        assertThat(view.form.isVisible()).isFalse();
    }

    @Test
    @WithAnonymousUser
    void a_platform_wide_provider_flagged_for_everyone_is_shown_before_the_address() {
        insertProvider("Acme SSO", "acme-sso-registration", "acme.test", true);
        // Written directly too, for the same reason as insertProvider.
        jdbc.sql("""
                        insert into identity_provider (registration_id, name, issuer_uri, client_id, sealed_client_secret,
                          allowed_domains, organization_id, default_role, platform_wide, shown_on_login_page)
                        values ('staff', 'Staff SSO', 'https://login.tokentally.test', 'tokentally', 'v1:unused', 'tokentally.test',
                          null, 'MEMBER', true, true)""").update();

        navigate(LoginView.class);

        assertThat($(Anchor.class).all()).extracting(Anchor::getText).containsExactly("Sign in with Staff SSO");
    }

    /** Written directly: saving a provider fetches its issuer's discovery document, and these issuers do not exist. */
    private void insertProvider(String name, String registrationId, String domains, boolean enabled) {
        jdbc.sql("""
                        insert into identity_provider (registration_id, name, issuer_uri, client_id, sealed_client_secret,
                          allowed_domains, organization_id, default_role, enabled)
                        values (?, ?, 'https://login.acme.test', 'tokentally', 'v1:unused', ?,
                          (select id from organization where slug = 'acme'), 'MEMBER', ?)""")
                .params(registrationId, name, domains, enabled).update();
    }
}
