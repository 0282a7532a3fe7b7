package dev.tokentally.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.regex.Pattern;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.tokentally.accounts.Role;
import dev.tokentally.accounts.UserAccount;
import dev.tokentally.accounts.UserAccountService;
import dev.tokentally.testsupport.BrowserTest;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;

/** Access taken away ends the signed-in sessions it applied to on their next request; other sessions go on. */
class AccessEndsBrowserTest extends BrowserTest {

    private static final Pattern LOGIN = Pattern.compile(".*/login.*");

    @Autowired
    UserAccountService users;
    @Autowired
    UserDetailsService userDetails;
    @Autowired
    Fixtures fixtures;

    private long idOf(String email) {
        return fixtures.user(email);
    }

    private <T> T asRoot(java.util.function.Supplier<T> action) {
        return RunAs.user(userDetails, "root@tokentally.test", action);
    }

    private void openUsers(Page on) {
        on.locator("vaadin-side-nav-item", new Page.LocatorOptions().setHasText("Users")).click();
        assertThat(on.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New user"))).isVisible();
    }

    @Test
    void a_demoted_org_admin_is_turned_away_on_the_next_click_and_comes_back_as_a_member() {
        signIn("admin@acme.test", "demo");
        openUsers(page);
        Page alice = otherPage();
        signIn(alice, "alice@acme.test", "demo");
        assertThat(alice.getByText("Welcome, Alice Example")).isVisible();

        long admin = idOf("admin@acme.test");
        asRoot(() -> {
            UserAccount edited = users.get(admin);
            edited.setRole(Role.MEMBER);
            return users.update(admin, edited);
        });

        page.locator("vaadin-side-nav-item", new Page.LocatorOptions().setHasText("Dashboard")).click();
        assertThat(page).hasURL(LOGIN);
        signIn("admin@acme.test", "demo");
        page.waitForURL(url -> !url.contains("/login"));
        page.navigate("http://localhost:" + port + "/");
        assertThat(page.getByText("Welcome, Ada Admin")).isVisible();
        assertThat(page.locator("#navigation")).not().containsText("Users");
        page.navigate("http://localhost:" + port + "/users");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New user"))).hasCount(0);

        alice.reload();
        assertThat(alice.getByText("Welcome, Alice Example")).isVisible();
        assertThat(alice).not().hasURL(LOGIN);
    }

    @Test
    void deactivating_a_user_or_resetting_their_password_ends_their_open_sessions() {
        signIn("alice@acme.test", "demo");
        assertThat(page.getByText("Welcome, Alice Example")).isVisible();
        Page bob = otherPage();
        signIn(bob, "bob@acme.test", "demo");
        assertThat(bob.getByText("Welcome, Bob Example")).isVisible();

        asRoot(() -> users.setActive(idOf("alice@acme.test"), false));
        page.reload();
        assertThat(page).hasURL(LOGIN);
        bob.reload();
        assertThat(bob.getByText("Welcome, Bob Example")).isVisible();

        asRoot(() -> {
            users.resetPassword(idOf("bob@acme.test"), "a-new-secret");
            return null;
        });
        bob.reload();
        assertThat(bob).hasURL(LOGIN);
    }

    @Test
    void a_dashboard_left_open_ends_within_about_a_second_of_the_deactivation_without_a_click() {
        signIn("admin@acme.test", "demo");
        page.locator("vaadin-side-nav-item", new Page.LocatorOptions().setHasText("Dashboard")).click();
        assertThat(page.locator("#today-requests")).isVisible();

        long start = System.nanoTime();
        asRoot(() -> users.setActive(idOf("admin@acme.test"), false));

        assertThat(page).hasURL(LOGIN);
        System.out.printf("An open dashboard ended %d ms after its user was deactivated%n", (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void changing_ones_own_password_keeps_this_session_and_ends_the_others() {
        signIn("alice@acme.test", "demo");
        assertThat(page.getByText("Welcome, Alice Example")).isVisible();
        Page elsewhere = otherPage();
        signIn(elsewhere, "alice@acme.test", "demo");
        assertThat(elsewhere.getByText("Welcome, Alice Example")).isVisible();

        page.navigate("http://localhost:" + port + "/profile");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change password")).click();
        page.getByLabel("Current password").fill("demo");
        page.getByLabel("New password", new Page.GetByLabelOptions().setExact(true)).fill("wonderland-1");
        page.getByLabel("Repeat new password").fill("wonderland-1");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change password")).last().click();
        assertThat(page.getByText("Your password was changed")).isVisible();

        elsewhere.reload();
        assertThat(elsewhere).hasURL(LOGIN);
        page.navigate("http://localhost:" + port + "/");
        assertThat(page.getByText("Welcome, Alice Example")).isVisible();
    }
}
