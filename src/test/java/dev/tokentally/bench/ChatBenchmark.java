package dev.tokentally.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.tokentally.TokentallyApplication;
import dev.tokentally.chat.Answering;
import dev.tokentally.chat.ChatMessage;
import dev.tokentally.chat.ChatThreads;
import dev.tokentally.chat.ThreadTotals;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Issue #5's chat benchmark. (1) Per-answer bookkeeping: everything but waiting for the model — saving
 * the question, building the bounded prompt, the budget check, recording the event with its rollups and
 * the answer in one transaction, the thread totals, the live notification — against the demo model with
 * no pace, which answers at once. (2) Server memory per open chat session: heap after full GCs with N
 * signed-in Chromium pages on a chat thread, compared with none.
 * Run with {@code bench/run-chat-benchmark.sh}; prints a Markdown report.
 */
public final class ChatBenchmark {

    public static void main(String[] args) throws Exception {
        int answers = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path data = Files.createTempDirectory("tokentally-chat-bench");
        List<String> report = new ArrayList<>();
        try (ConfigurableApplicationContext app = SpringApplication.run(TokentallyApplication.class,
                "--spring.datasource.url=", "--tokentally.demo=true", "--tokentally.demo-history=false", "--server.port=0",
                "--tokentally.database.embedded-directory=" + data.resolve("postgres"),
                "--tokentally.secret-key-file=" + data.resolve("secret.key"), "--tokentally.chat.demo-pace=0ms",
                "--logging.level.root=warn", "--spring.main.banner-mode=off", "--vaadin.devmode.devTools.enabled=false")) {
            bookkeeping(app, answers, report, "");
            if (Boolean.getBoolean("bench.compareAsyncCommit")) {
                // How much of the figure is waiting for the WAL flush at commit: the same run without it.
                JdbcClient jdbc = app.getBean(JdbcClient.class);
                jdbc.sql("alter system set synchronous_commit = off").update();
                jdbc.sql("select pg_reload_conf()").query(Boolean.class).single();
                bookkeeping(app, answers, report, " (synchronous_commit=off, for comparison only)");
                jdbc.sql("alter system reset synchronous_commit").update();
                jdbc.sql("select pg_reload_conf()").query(Boolean.class).single();
            }
            if (sessions > 0) {
                memory(app, sessions, report);
            }
        }
        System.out.println();
        System.out.println("## Results");
        report.forEach(System.out::println);
    }

    private static void bookkeeping(ConfigurableApplicationContext app, int answers, List<String> report, String variant) {
        UserDetails alice = app.getBean(UserDetailsService.class).loadUserByUsername("alice@acme.test");
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(alice, null, alice.getAuthorities()));
        ChatThreads threads = app.getBean(ChatThreads.class);
        Answering answering = app.getBean(Answering.class);
        long demoMini = app.getBean(JdbcClient.class).sql("select m.id from model m join provider p on p.id = m.provider_id "
                + "where p.code = 'demo'").query(Long.class).single();
        int warmup = Integer.getInteger("bench.warmup", 1_000);
        long[] nanos = new long[answers];
        long thread = 0;
        for (int i = -warmup; i < answers; i++) {
            if (Math.floorMod(i, 10) == 0) {
                // Threads of ten questions each: the history grows as in real use, but stays typical in size.
                thread = threads.create(null, demoMini).id();
            }
            ChatMessage[] answer = new ChatMessage[1];
            long start = System.nanoTime();
            answering.ask(thread, "Question " + i + ": how do I keep model costs inside a monthly budget?",
                    new Answering.Listener() {
                        @Override
                        public void onToken(String text) {
                        }

                        @Override
                        public void onAnswer(ChatMessage message, ThreadTotals totals) {
                            answer[0] = message;
                        }

                        @Override
                        public void onFailure(ChatMessage failure) {
                            throw new IllegalStateException(failure.content());
                        }
                    });
            long took = System.nanoTime() - start;
            if (answer[0] == null || answer[0].usage() == null) {
                throw new IllegalStateException("The demo answer was not recorded");
            }
            if (i >= 0) {
                nanos[i] = took;
            }
        }
        Arrays.sort(nanos);
        report.add(String.format(Locale.ROOT, "- Per-answer bookkeeping%s, %,d answers (after %d warm-up), demo model "
                        + "answering at once: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms",
                variant, answers, warmup, ms(nanos, 0.50), ms(nanos, 0.95), ms(nanos, 0.99), nanos[nanos.length - 1] / 1e6));
        SecurityContextHolder.clearContext();
    }

    private static void memory(ConfigurableApplicationContext app, int sessions, List<String> report) throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        try (Playwright playwright = Playwright.create()) {
            Browser browser = dev.tokentally.testsupport.Browser.launch(playwright);
            Page first = open(browser, port);
            first.locator("#new-thread").click();
            first.waitForURL(java.util.regex.Pattern.compile(".*/chat/\\d+$"));
            String threadUrl = first.url();
            for (int i = 0; i < 5; i++) {
                first.locator("#chat-input textarea").fill("Question " + i + " for the memory benchmark");
                first.locator("#chat-input textarea").press("Enter");
                first.locator(".tt-answer-cost").nth(i).waitFor();
            }
            first.context().close();
            long before = heapAfterGc();
            List<BrowserContext> open = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                Page page = open(browser, port);
                page.navigate(threadUrl);
                page.locator(".tt-answer-cost").nth(4).waitFor();
                open.add(page.context());
            }
            long after = heapAfterGc();
            report.add(String.format(Locale.ROOT, "- Memory per open chat session (%d signed-in Chromium pages on a thread "
                            + "with 5 answers; heap after full GC): %.2f MB (%.1f MB for all %d)",
                    sessions, (after - before) / 1e6 / sessions, (after - before) / 1e6, sessions));
            open.forEach(BrowserContext::close);
        }
    }

    private static Page open(Browser browser, int port) {
        BrowserContext context = browser.newContext();
        context.setDefaultTimeout(30_000);
        Page page = context.newPage();
        dev.tokentally.testsupport.Browser.signIn(page, "http://localhost:" + port, "alice@acme.test", "demo");
        page.waitForURL(java.util.regex.Pattern.compile(".*:" + port + "/(dashboard)?$"));
        page.navigate("http://localhost:" + port + "/chat");
        page.locator("#new-thread").waitFor();
        return page;
    }

    private static long heapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * sorted.length))] / 1e6;
    }
}
