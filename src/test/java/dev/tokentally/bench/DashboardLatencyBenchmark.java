package dev.tokentally.bench;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.LoadState;

/**
 * Issue 13: from a usage event sent to {@code POST /api/v1/usage} to the figure on an open dashboard, measured in
 * headless Chromium against a running (packaged) Tokentally. The page itself sends each event with {@code fetch}
 * and a {@code MutationObserver} on the dashboard's "Requests today" figure notes when the figure changed, so both
 * ends are the browser's own clock ({@code performance.now()}); the figure includes the request's own round trip.
 * Not a test: run by {@code bench/run-dashboard-benchmark.sh}.
 *
 * <p>Arguments: base URL, an API key of Acme, samples (default 300), warm-up samples (default 50), and a name for
 * the run (default "run": a page that loads anew is screenshotted to {@code target/bench-dashboard/<name>-reload-N.png}).
 * When the page loads anew the harness prints what led to it (the browser's last navigations, console messages and
 * answers other than 200) and, when it landed on the sign-in page, signs in again.
 */
public final class DashboardLatencyBenchmark {

    /** Sends one event, resolves with the milliseconds until the figure showed it (or -1 after 5 s) and until the API answered. */
    private static final String SAMPLE = """
            async ([key, id]) => {
              const figure = document.getElementById('today-requests');
              const before = figure.textContent;
              let start;
              const changed = new Promise(resolve => {
                const observer = new MutationObserver(() => {
                  if (figure.textContent !== before) { observer.disconnect(); resolve(performance.now() - start); }
                });
                observer.observe(figure, {characterData: true, childList: true, subtree: true});
                setTimeout(() => { observer.disconnect(); resolve(-1); }, 5000);
              });
              start = performance.now();
              const answer = await fetch('/api/v1/usage', {method: 'POST', headers: {'Authorization': 'Bearer ' + key,
                'Content-Type': 'application/json'}, body: JSON.stringify({idempotency_key: id, provider: 'openai',
                model: 'gpt-4o-mini', input_tokens: 1000, output_tokens: 200, user: 'admin@acme.test'})});
              if (answer.status !== 201) { throw new Error('ingest answered ' + answer.status); }
              const answered = performance.now() - start;
              return [await changed, answered];
            }""";

    private DashboardLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String key = args[1];
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        String name = args.length > 4 ? args[4] : "run";
        try (Playwright playwright = Playwright.create()) {
            Browser browser = dev.tokentally.testsupport.Browser.launch(playwright);
            BrowserContext context = browser.newContext();
            context.setDefaultTimeout(60_000);
            Page page = context.newPage();
            long began = System.nanoTime();
            Deque<String> happened = new ArrayDeque<>();
            java.util.function.Consumer<String> note = line -> {
                synchronized (happened) {
                    happened.addLast(String.format(Locale.ROOT, "%8.1f s %s", (System.nanoTime() - began) / 1e9, line));
                    if (happened.size() > 30) {
                        happened.removeFirst();
                    }
                }
            };
            page.onFrameNavigated(frame -> {
                if (frame == page.mainFrame()) {
                    note.accept("navigated to " + frame.url());
                }
            });
            page.onConsoleMessage(message -> {
                if (!message.text().contains("Atmosphere: ")) { // its debug lines would crowd out everything else
                    note.accept("console " + message.type() + ": " + message.text());
                }
            });
            page.onResponse(response -> {
                if (response.status() != 200 && response.status() != 201) {
                    note.accept("answer " + response.status() + " to " + response.request().method() + " " + response.url());
                }
            });
            page.onRequestFailed(request -> note.accept("failed " + request.method() + " " + request.url() + ": " + request.failure()));
            page.onWebSocket(socket -> {
                note.accept("websocket opened " + socket.url());
                socket.onClose(closed -> note.accept("websocket closed " + closed.url()));
            });
            signInToDashboard(page, base);
            page.waitForLoadState(LoadState.NETWORKIDLE);
            page.locator("#today-requests").waitFor();
            String run = Long.toString(System.currentTimeMillis(), 36);
            double[] millis = new double[samples];
            double[] answered = new double[samples];
            int missed = 0;
            int reloads = 0;
            int sent = 0;
            int taken = 0;
            try {
                for (int i = -warmup; i < samples; i++) {
                    double took;
                    double answer;
                    try {
                        List<?> sample = (List<?>) page.evaluate(SAMPLE, List.of(key, "dash-" + run + "-" + sent++));
                        took = ((Number) sample.get(0)).doubleValue();
                        answer = ((Number) sample.get(1)).doubleValue();
                    } catch (PlaywrightException navigated) {
                        // The page loaded anew (Vaadin resynchronizing, say): wait for the figure and take the sample again.
                        reloads++;
                        String why = navigated.getMessage().replaceAll("\\s+", " ");
                        System.err.println("Sample taken again, the page is at " + page.url() + ": "
                                + why.substring(0, Math.min(300, why.length())));
                        if (reloads > 10) {
                            throw navigated;
                        }
                        page.waitForTimeout(3000);
                        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/bench-dashboard/" + name + "-reload-" + reloads + ".png")));
                        String shown = page.locator("body").innerText().replaceAll("\\s+", " ");
                        System.err.println("  3 s later at " + page.url() + ", showing: " + shown.substring(0, Math.min(200, shown.length())));
                        synchronized (happened) {
                            happened.forEach(line -> System.err.println("  " + line));
                            happened.clear();
                        }
                        if (page.url().contains("/login")) {
                            System.err.println("  Signed out: signing in again");
                            signInToDashboard(page, base);
                        }
                        page.locator("#today-requests").waitFor();
                        i--;
                        continue;
                    }
                    if (took < 0) {
                        missed++;
                        took = 5000;
                    }
                    if (i >= 0) {
                        millis[i] = took;
                        answered[i] = answer;
                        taken = i + 1;
                    }
                    page.waitForTimeout(20); // the next event after the page settled
                }
            } catch (PlaywrightException failed) {
                // What was measured until then is still worth printing, marked as cut short.
                if (taken > 0) {
                    System.err.println("Cut short after " + taken + " of " + samples + " samples:");
                    report(Arrays.copyOf(millis, taken), Arrays.copyOf(answered, taken), warmup, missed, reloads, "cut short: ");
                }
                throw failed;
            }
            report(millis, answered, warmup, missed, reloads, "");
            context.close();
        }
    }

    /** Signed in as Acme's admin, on the dashboard (after a sign-in Spring Security may add "?continue"). */
    private static void signInToDashboard(Page page, String base) {
        dev.tokentally.testsupport.Browser.signIn(page, base, "admin@acme.test", "demo");
        page.waitForURL(Pattern.compile(".*/(dashboard)?(\\?.*)?$"));
        page.navigate(base + "/dashboard");
    }

    private static void report(double[] millis, double[] answered, int warmup, int missed, int reloads, String prefix) {
        Arrays.sort(millis);
        Arrays.sort(answered);
        System.out.printf(Locale.ROOT, "%sEvent -> dashboard figure in headless Chromium, %d samples after %d warm-up: "
                        + "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms, not shown within 5 s: %d, page reloads: %d%n",
                prefix, millis.length, warmup, at(millis, 0.50), at(millis, 0.95), at(millis, 0.99), millis[millis.length - 1],
                missed, reloads);
        System.out.printf(Locale.ROOT, "of which the API's answer to the page's fetch: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms%n",
                at(answered, 0.50), at(answered, 0.95), at(answered, 0.99));
    }

    private static double at(double[] sorted, double share) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(share * sorted.length) - 1)];
    }
}
