package dev.tokentally.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.tokentally.accounts.IdentityProviders;
import dev.tokentally.testsupport.BrowserTest;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.IdentityProviderServer;
import dev.tokentally.testsupport.RunAs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Sign-in through a real OpenID Connect server in Chromium: the email first, the button of its domain's provider, the
 * provider's redirects, where it lands, and what a refusal says.
 */
class OidcSignInBrowserTest extends BrowserTest {

    private static final Pattern LOGIN = Pattern.compile(".*/login.*");
    private static IdentityProviderServer idp;

    @Autowired
    IdentityProviders providers;
    @Autowired
    UserDetailsService userDetails;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    @BeforeAll
    static void startProvider() {
        idp = new IdentityProviderServer();
    }

    @AfterAll
    static void stopProvider() {
        idp.close();
    }

    @BeforeEach
    void registerProvider() {
        // Made by the platform admin for Acme; its admin put the platform's domain among its own.
        idp.register(providers, userDetails, fixtures, "acme", "acme.test, tokentally.test", "groups", "tt-admins");
    }

    private void signInWithProvider(String email) {
        page.navigate("http://localhost:" + port + "/login");
        // The page does not list the customers' providers: the address comes first.
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with Acme SSO"))).not().isVisible();
        page.locator("#email input").fill(email);
        page.locator("#continue").click();
        assertThat(page.locator("vaadin-login-form input[name='username']")).hasValue(email);
        page.screenshot(new Page.ScreenshotOptions().setPath(java.nio.file.Path.of("target/screenshots/login-provider-of-domain.png")));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with Acme SSO")).click();
    }

    @Test
    void a_new_member_signs_in_through_the_identity_provider_and_lands_in_the_organization_with_the_mapped_role() {
        idp.nextSignIn("erin-at-idp", Map.of("email", "erin@acme.test", "email_verified", true, "name", "Erin Example",
                "groups", List.of("tt-admins")));
        signInWithProvider("erin@acme.test");

        assertThat(page.getByText("Welcome, Erin Example")).isVisible();
        assertThat(page.locator("#organization-name")).hasText("Acme Corp");
        assertThat(page.locator("#navigation")).containsText("Users");

        page.locator("#user-menu vaadin-menu-bar-button").first().click();
        page.getByRole(AriaRole.MENUITEM, new Page.GetByRoleOptions().setName("Sign out")).click();
        assertThat(page).hasURL(LOGIN);
        page.navigate("http://localhost:" + port + "/users");
        assertThat(page).hasURL(LOGIN);
    }

    @Test
    void refused_sign_ins_say_why_on_the_login_page() {
        idp.nextSignIn("mallory-at-idp", Map.of("email", "mallory@evil.test", "email_verified", true, "name", "Mallory"));
        signInWithProvider("erin@acme.test");

        assertThat(page).hasURL(LOGIN);
        assertThat(page.getByText("Sign-in refused")).isVisible();
        assertThat(page.getByText("mallory@evil.test may not sign in with Acme SSO")).isVisible();

        idp.nextSignIn("root-at-idp", Map.of("email", "root@tokentally.test", "email_verified", true, "name", "Root"));
        signInWithProvider("root@tokentally.test");
        assertThat(page).hasURL(LOGIN);
        assertThat(page.getByText("Platform admins cannot sign in with Acme SSO")).isVisible();

        idp.nextSignIn("mallory-as-bob", Map.of("email", "bob@acme.test", "name", "Bob Example"));
        signInWithProvider("bob@acme.test");
        assertThat(page).hasURL(LOGIN);
        assertThat(page.getByText("which signing in to an existing account needs")).isVisible();

        long acme = fixtures.organization("acme");
        RunAs.user(userDetails, "admin@acme.test", () -> {
            providers.setPasswordSignIn(acme, false);
            return null;
        });
        signIn("alice@acme.test", "demo");
        assertThat(page.getByText("Password sign-in is off")).isVisible();
    }
}
