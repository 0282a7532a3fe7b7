package dev.tokentally.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Pattern;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.tokentally.testsupport.BrowserTest;
import dev.tokentally.testsupport.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The journeys people take first, in a real headless Chromium against the running application. */
class SignInJourneyBrowserTest extends BrowserTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    private com.microsoft.playwright.Locator field(String label) {
        return page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName(label).setExact(true));
    }

    @Test
    void org_admin_creates_a_member_who_then_signs_in() {
        signIn("admin@acme.test", "demo");
        assertThat(page.getByText("Welcome, Ada Admin")).isVisible();
        assertThat(page.locator("#organization-name")).hasText("Acme Corp");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/signed-in-shell.png")));

        page.locator("vaadin-side-nav-item", new Page.LocatorOptions().setHasText("Users")).click();
        assertThat(page).hasURL(Pattern.compile(".*/users$"));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New user")).click();
        field("Email").fill("carol@acme.test");
        field("Name").fill("Carol Example");
        page.getByLabel("First password").fill("carol-secret-1");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
        assertThat(page.locator("vaadin-grid")).containsText("carol@acme.test");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/users.png")));

        page.locator("#user-menu vaadin-menu-bar-button").first().click();
        page.getByRole(AriaRole.MENUITEM, new Page.GetByRoleOptions().setName("Sign out")).click();
        assertThat(page).hasURL(Pattern.compile(".*/login.*"));

        signIn("carol@acme.test", "carol-secret-1");
        assertThat(page.getByText("Welcome, Carol Example")).isVisible();
        assertThat(page.locator("#navigation")).not().containsText("Users");
    }

    @Test
    void the_dark_scheme_chosen_in_the_header_is_remembered_after_a_reload() {
        signIn("alice@acme.test", "demo");
        assertThat(page.getByText("Welcome, Alice Example")).isVisible();
        assertThat(page.locator("html")).not().hasAttribute("theme", Pattern.compile(".*dark.*"));

        page.locator("#color-scheme-toggle").click();
        assertThat(page.locator("html")).hasAttribute("theme", Pattern.compile(".*dark.*"));
        page.reload();

        assertThat(page.getByText("Welcome, Alice Example")).isVisible();
        assertThat(page.locator("html")).hasAttribute("theme", Pattern.compile(".*dark.*"));
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/dark.png")));
    }

    @Test
    void platform_admin_opens_a_models_price_history_and_an_org_admin_sees_prices_with_markup() {
        signIn("root@tokentally.test", "demo");
        page.locator("vaadin-side-nav-item", new Page.LocatorOptions().setHasText("Price catalog")).click();
        page.locator("input[placeholder='Search model']").fill("claude-sonnet-4-5");
        assertThat(page.locator("vaadin-grid")).containsText("claude-sonnet-4-5");
        page.getByText("claude-sonnet-4-5", new Page.GetByTextOptions().setExact(true)).first().click();
        assertThat(page.getByText("Price history")).isVisible();
        assertThat(page.getByText("Also reported as: claude-sonnet-4-5-20250929", new Page.GetByTextOptions())).isVisible();
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/price-catalog.png")));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Close")).click();
        page.locator("#user-menu vaadin-menu-bar-button").first().click();
        page.getByRole(AriaRole.MENUITEM, new Page.GetByRoleOptions().setName("Sign out")).click();
        assertThat(page).hasURL(Pattern.compile(".*/login.*"));

        signIn("admin@acme.test", "demo");
        page.locator("vaadin-side-nav-item", new Page.LocatorOptions().setHasText("Pricing")).click();
        assertThat(page.getByText("Acme Corp pays provider cost plus 20 % markup")).isVisible();
        page.locator("input[placeholder='Search model']").fill("gpt-4o-mini");
        assertThat(page.locator("#organization-prices")).containsText("EUR 0.1656");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/org-pricing.png")));
    }

    @Test
    void the_dashboard_moves_when_usage_is_recorded_through_the_api_without_a_reload() throws Exception {
        String key = fixtures.apiKey("acme").secret();
        signIn("admin@acme.test", "demo");
        page.locator("vaadin-side-nav-item", new Page.LocatorOptions().setHasText("Dashboard")).click();
        assertThat(page.locator("#today-requests")).hasText("0");

        for (int i = 1; i <= 2; i++) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
                    .newBuilder(URI.create("http://localhost:" + port + "/api/v1/usage"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"idempotency_key\": \"live-" + i + "\", "
                            + "\"provider\": \"openai\", \"model\": \"gpt-4o-mini\", \"input_tokens\": 1000, "
                            + "\"output_tokens\": 500, \"user\": \"alice@acme.test\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            org.assertj.core.api.Assertions.assertThat(response.statusCode()).isEqualTo(201);

            assertThat(page.locator("#today-requests")).hasText(String.valueOf(i));
        }
        assertThat(page.locator("#today-tokens")).hasText("3,000");
        assertThat(page.locator("tt-chart svg").first()).isVisible();
        assertThat(page.locator("tt-chart")).containsText("openai/gpt-4o-mini");
        page.setViewportSize(1280, 1300);
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/dashboard.png")));
    }

    @Test
    void five_wrong_passwords_show_that_the_account_is_locked() {
        for (int attempt = 1; attempt <= 5; attempt++) {
            signIn("bob@acme.test", "not-it");
            assertThat(page.getByText("Wrong email or password")).isVisible();
        }

        signIn("bob@acme.test", "demo");

        assertThat(page.getByText("Account locked")).isVisible();
        assertThat(page.getByText("Welcome")).not().isVisible();
    }
}
