package dev.tokentally.testsupport;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;

/** Real-browser tests: one headless Chromium per class, a fresh browser context (no cookies) per test. */
@TokentallyTest
public abstract class BrowserTest {

    private static Playwright playwright;
    private static Browser browser;

    @Value("${local.server.port}")
    protected int port;

    protected BrowserContext context;
    protected Page page;

    @BeforeAll
    static void launch() {
        playwright = Playwright.create();
        browser = dev.tokentally.testsupport.Browser.launch(playwright);
    }

    @AfterAll
    static void close() {
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void openPage() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 860));
        context.setDefaultTimeout(20_000);
        page = context.newPage();
    }

    @AfterEach
    void closePage() {
        context.close();
    }

    protected void signIn(String email, String password) {
        page.navigate("http://localhost:" + port + "/login");
        page.locator("vaadin-login-form input[name='username']").fill(email);
        page.locator("vaadin-login-form input[name='password']").fill(password);
        page.locator("vaadin-login-form vaadin-button[slot='submit']").click();
    }
}
