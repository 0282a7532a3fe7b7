package dev.tokentally.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.BrowserTest;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** An org admin's budget and invoice, and a platform admin's sync page, in a real headless Chromium. */
class AdminJourneyBrowserTest extends BrowserTest {

    @Autowired
    UsageRecorder recorder;
    @Autowired
    Fixtures fixtures;

    @Test
    void an_org_admin_sets_a_budget_and_issues_an_invoice() {
        long acme = fixtures.organization("acme");
        recorder.record(acme, new ReportedCall("browser-invoice", "openai", "gpt-4o-mini", TokenCounts.of(1_000_000, 500_000), Attribution.of(null, null, null, null), null, Instant.now().minus(Duration.ofDays(31)), null, null, false,
                UsageSource.API));
        signIn("admin@acme.test", "demo");
        page.waitForURL(Pattern.compile(".*/(dashboard)?$"));

        page.navigate("http://localhost:" + port + "/budgets");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New budget")).click();
        page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Name").setExact(true)).fill("Team monthly");
        page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Amount")).fill("1");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
        assertThat(page.locator(".tt-budget-spent")).containsText("of EUR 1.00");
        assertThat(page.locator("vaadin-dialog-overlay[opened], vaadin-dialog-overlay[closing], vaadin-dialog[opened]")).hasCount(0);
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/budgets.png")));

        page.navigate("http://localhost:" + port + "/invoices");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create draft")).click();
        assertThat(page.locator("#invoice-total")).hasText("Total EUR 0.60");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Issue")).click();
        page.locator("vaadin-confirm-dialog-overlay vaadin-button[slot='confirm-button'], vaadin-confirm-dialog vaadin-button[slot='confirm-button']")
                .first().click();
        assertThat(page.locator("#invoice-pdf")).isVisible();
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/invoice.png")));
    }

    @Test
    void a_platform_admin_sees_the_sync_jobs() {
        signIn("root@tokentally.test", "demo");
        page.waitForURL(Pattern.compile(".*/(dashboard|usage-overview)?$"));
        page.navigate("http://localhost:" + port + "/sync");

        assertThat(page.getByText("Price sync (daily)")).isVisible();
        assertThat(page.getByText("Usage sync (every 10 minutes)")).isVisible();
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/sync.png")));
    }
}
