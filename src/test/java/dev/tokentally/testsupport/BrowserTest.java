package dev.tokentally.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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
    private final List<BrowserContext> others = new ArrayList<>();
    /** What the browser refused under the Content-Security-Policy; a test that expects a refusal takes it out. */
    protected final List<String> cspViolations = new CopyOnWriteArrayList<>();

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
        watchCsp(page);
    }

    private void watchCsp(Page watched) {
        watched.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy")) {
                cspViolations.add(message.text());
            }
        });
    }

    @AfterEach
    void closePage() {
        try {
            assertThat(cspViolations).as("no page broke the Content-Security-Policy").isEmpty();
        } finally {
            context.close();
            others.forEach(BrowserContext::close);
            others.clear();
        }
    }

    /** A page in a browser context of its own: another person's session beside {@link #page}. */
    protected Page otherPage() {
        BrowserContext other = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 860));
        other.setDefaultTimeout(20_000);
        others.add(other);
        Page otherPage = other.newPage();
        watchCsp(otherPage);
        return otherPage;
    }

    protected void signIn(String email, String password) {
        signIn(page, email, password);
    }

    protected void signIn(Page on, String email, String password) {
        dev.tokentally.testsupport.Browser.signIn(on, "http://localhost:" + port, email, password);
    }
}
