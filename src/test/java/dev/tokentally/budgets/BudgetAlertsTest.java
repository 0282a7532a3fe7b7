package dev.tokentally.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import dev.tokentally.mail.OutboxSender;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TestSmtp;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.UsageRecorder;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

/** Budget alerts through the outbox to a real SMTP server (GreenMail), with the clock under the test's control. */
@TokentallyTest
class BudgetAlertsTest {

    @RegisterExtension
    static GreenMailExtension smtp = TestSmtp.server();

    @Autowired
    Budgets budgets;
    @Autowired
    BudgetAlerts alerts;
    @Autowired
    OutboxSender sender;
    @Autowired
    UsageRecorder recorder;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;

    BudgetTestSupport support;

    @BeforeEach
    void setUp() {
        support = new BudgetTestSupport(budgets, recorder, users, fixtures);
        // 20 November 2026, 11:00 in Berlin.
        clock.set(Instant.parse("2026-11-20T10:00:00Z"));
    }

    @Test
    void passing_50_80_and_100_percent_sends_three_mails_then_none_until_the_next_month_in_berlin() throws Exception {
        support.monthly("Acme monthly", "10", Budget.Enforcement.SOFT);

        spendAndCheck("5.50");
        spendAndCheck("3.00");
        spendAndCheck("2.00");
        spendAndCheck("1.00");
        assertThat(sender.sendDue()).isEqualTo(3);
        assertThat(subjects()).containsExactly(
                "[Tokentally] Acme monthly passed 50 % (EUR 5.50 of EUR 10.00)",
                "[Tokentally] Acme monthly passed 80 % (EUR 8.50 of EUR 10.00)",
                "[Tokentally] Acme monthly passed 100 % (EUR 10.50 of EUR 10.00)");

        // 23:59 on 30 November in Berlin is still November: nothing new.
        clock.set(Instant.parse("2026-11-30T22:59:00Z"));
        spendAndCheck("1.00");
        // 00:30 on 1 December in Berlin (still 30 November in UTC): a new period, fresh thresholds.
        clock.set(Instant.parse("2026-11-30T23:30:00Z"));
        spendAndCheck("6.00");

        assertThat(sender.sendDue()).isEqualTo(1);
        assertThat(subjects()).hasSize(4).last().isEqualTo("[Tokentally] Acme monthly passed 50 % (EUR 6.00 of EUR 10.00)");
    }

    @Test
    void recording_usage_alone_triggers_the_check_after_commit() throws Exception {
        support.monthly("Acme monthly", "10", Budget.Enforcement.SOFT);

        support.spend("5.20", clock.instant());
        alerts.lastCheck.join();

        assertThat(jdbc.sql("select subject from mail_outbox").query(String.class).list())
                .containsExactly("[Tokentally] Acme monthly passed 50 % (EUR 5.20 of EUR 10.00)");
    }

    @Test
    void a_run_rate_that_passes_the_limit_before_the_period_ends_warns_once_with_the_date() throws Exception {
        support.monthly("Acme monthly", "10", Budget.Enforcement.SOFT);
        // 10 November, 11:00 in Berlin: 9.4 days of 30 gone, 40 % spent, so 100 % comes after about 23.5 days.
        clock.set(Instant.parse("2026-11-10T10:00:00Z"));
        spendAndCheck("4.00");
        spendAndCheck("0.10");

        assertThat(sender.sendDue()).isEqualTo(1);
        assertThat(subjects()).containsExactly("[Tokentally] Acme monthly is projected to run out on 2026-11-24");
    }

    @Test
    void the_mail_carries_the_budgets_figures_and_the_periods_top_users_and_models() throws Exception {
        support.monthly("Acme monthly", "10", Budget.Enforcement.HARD);
        spendAndCheck("8.25");
        sender.sendDue();

        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("admin@acme.test");
        Document html = Jsoup.parse(part(mail, "text/html"));
        assertThat(html.getElementById("budget").text()).isEqualTo("Acme monthly");
        assertThat(html.getElementById("period").text()).isEqualTo("2026-11-01 to 2026-11-30");
        assertThat(html.getElementById("spent").text()).isEqualTo("EUR 8.25");
        assertThat(html.getElementById("limit").text()).isEqualTo("EUR 10.00");
        assertThat(html.getElementById("percent").text()).isEqualTo("82.5 %");
        assertThat(html.getElementById("enforcement").text()).startsWith("new chat calls are blocked");
        assertThat(html.select("#top-users tr").eachText()).containsExactly("Alice Example EUR 8.25");
        assertThat(html.select("#top-models tr").eachText()).containsExactly("openai/gpt-4o-mini EUR 8.25");
        assertThat(html.getElementById("dashboard").attr("href")).isEqualTo("http://localhost:8080/dashboard");
        assertThat(part(mail, "text/plain")).contains("Spent:      EUR 8.25").contains("Alice Example: EUR 8.25");
        assertThat(mail.getSubject()).isEqualTo("[Tokentally] Acme monthly passed 80 % (EUR 8.25 of EUR 10.00)");
    }

    @Test
    void twenty_recordings_crossing_the_same_threshold_at_once_send_one_mail() throws Exception {
        support.monthly("Acme monthly", "10", Budget.Enforcement.SOFT);
        support.spend("4.90", clock.instant());
        alerts.check(support.acme());
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            done.add(pool.submit(() -> {
                start.await();
                support.spend("0.02", clock.instant());
                return alerts.check(support.acme());
            }));
        }
        start.countDown();
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
        alerts.lastCheck.join();

        assertThat(jdbc.sql("select count(*) from budget_alert").query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from mail_outbox").query(Long.class).single()).isEqualTo(1);
        assertThat(sender.sendDue()).isEqualTo(1);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    @Test
    void mail_written_while_smtp_is_down_is_delivered_once_when_it_is_back() throws Exception {
        support.monthly("Acme monthly", "10", Budget.Enforcement.SOFT);
        spendAndCheck("6.00");
        smtp.stop();

        assertThat(sender.sendDue()).isZero();
        assertThat(jdbc.sql("select attempts || ' ' || (last_error is not null) from mail_outbox").query(String.class).single())
                .isEqualTo("1 true");
        assertThat(sender.sendDue()).as("not due again before its retry time").isZero();

        smtp.start();
        clock.advance(java.time.Duration.ofMinutes(1));
        assertThat(sender.sendDue()).isEqualTo(1);
        assertThat(sender.sendDue()).isZero();
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    private void spendAndCheck(String eur) {
        support.spend(eur, clock.instant());
        alerts.lastCheck.join();
        alerts.check(support.acme());
    }

    private List<String> subjects() throws Exception {
        List<String> subjects = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            subjects.add(message.getSubject());
        }
        return subjects;
    }

    /** The first part of the type, however deeply the multiparts nest. */
    private static String part(Part part, String type) throws Exception {
        if (part.isMimeType(type)) {
            return GreenMailUtil.getBody(part).isEmpty() ? "" : (String) part.getContent();
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String found = part(child, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
