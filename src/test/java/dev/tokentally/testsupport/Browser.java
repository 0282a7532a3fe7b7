package dev.tokentally.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless Chromium driven by Playwright; never a downloaded browser. Without
 * {@code /usr/bin/chromium} browser tests are skipped, except in CI ({@code CI=true}), which installs it.
 */
public final class Browser {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private Browser() {
    }

    public static com.microsoft.playwright.Browser launch(Playwright playwright) {
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Debian chromium is not installed");
        }
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run")));
    }

    /**
     * Signs in with a password as a person does on the login page: the email first, Continue, then the password form
     * (which the page fills with that email).
     */
    public static void signIn(Page page, String baseUrl, String email, String password) {
        page.navigate(baseUrl + "/login");
        page.locator("#email input").fill(email);
        page.locator("#continue").click();
        page.locator("vaadin-login-form input[name='password']").fill(password);
        page.locator("vaadin-login-form input[name='username']").fill(email);
        page.locator("vaadin-login-form vaadin-button[slot='submit']").click();
    }
}
