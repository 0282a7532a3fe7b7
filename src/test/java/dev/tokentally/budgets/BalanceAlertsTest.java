package dev.tokentally.budgets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.tokentally.chat.Answering;
import dev.tokentally.chat.ChatMessage;
import dev.tokentally.chat.ChatThreads;
import dev.tokentally.credits.GrantKind;
import dev.tokentally.credits.WalletMode;
import dev.tokentally.credits.WalletSettings;
import dev.tokentally.credits.Wallets;
import dev.tokentally.mail.channels.AlertChannels;
import dev.tokentally.mail.channels.ChannelKind;
import dev.tokentally.mail.channels.ChannelSender;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.testsupport.WebhookReceiver;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import tools.jackson.databind.JsonNode;

/** A wallet running low, or refusing a call, reaches the organization's channels and admins once a day. */
@TokentallyTest
class BalanceAlertsTest {

    final WebhookReceiver receiver = new WebhookReceiver();

    @Autowired
    BalanceAlerts alerts;
    @Autowired
    Wallets wallets;
    @Autowired
    AlertChannels channels;
    @Autowired
    ChannelSender sender;
    @Autowired
    UsageRecorder recorder;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ChatThreads threads;
    @Autowired
    Answering answering;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;
    @Value("${local.server.port}")
    int port;

    long acme;

    @BeforeEach
    void setUp() {
        clock.set(Instant.parse("2026-11-20T10:00:00Z"));
        acme = fixtures.organization("acme");
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void a_balance_crossing_below_its_alert_is_told_once_to_the_webhook_and_the_admins() throws Exception {
        AlertChannels.Added webhook = RunAs.user(users, "admin@acme.test",
                () -> channels.add(acme, "Finance", ChannelKind.WEBHOOK, receiver.url("/webhook")));
        wallets.configure(acme, new WalletSettings(WalletMode.PREPAID, null, null, new BigDecimal("3")));
        wallets.grant(acme, GrantKind.FREE, new BigDecimal("5"), null, 0, "Trial", null, "trial");

        // 20 concurrent calls of EUR 0.1656 each: from 5 down to 1.688, through 3 once.
        try (ExecutorService callers = Executors.newFixedThreadPool(8)) {
            List<CompletableFuture<?>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(CompletableFuture.runAsync(() -> record(acme), callers));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts.running.get() == 0);
        record(acme);
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts.running.get() == 0);

        assertThat(sender.sendDue()).isOne();
        List<JsonNode> events = receiver.verifiedEvents("/webhook", webhook.secret(), clock.instant());
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.get("type").asString()).isEqualTo("wallet.low_balance");
            assertThat(event.get("data").get("kind").asString()).isEqualTo("low_balance");
            assertThat(new BigDecimal(event.get("data").get("threshold").asString())).isEqualByComparingTo("3");
            assertThat(new BigDecimal(event.get("data").get("balance").asString())).isLessThan(new BigDecimal("3"));
            var match = WebhookReceiver.matchesDocumentedSchema(port, event);
            assertThat(match.isExactMatch()).as(match.getSubEvents().toString()).isTrue();
        });
        assertThat(jdbc.sql("select count(*) from balance_alert where organization_id = ? and kind = 'LOW_BALANCE'")
                .param(acme).query(Long.class).single()).as("kept as alert history").isOne();
        assertThat(jdbc.sql("""
                        select count(*) from mail_outbox m join balance_alert a on a.mail_id = m.id
                        where m.subject like 'Low balance:%' and m.recipients like '%admin@acme.test%'""")
                .query(Long.class).single()).isOne();
    }

    @Test
    void calls_refused_for_lack_of_balance_are_told_at_most_once_a_day() throws Exception {
        wallets.configure(acme, new WalletSettings(WalletMode.PREPAID, null, null, null));
        ConcurrentChats chats = new ConcurrentChats(answering, users);
        long demoMini = fixtures.demoModel();

        List<ChatMessage> refused = chats.askAtOnce(List.of(call(demoMini), call(demoMini), call(demoMini)));
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts.running.get() == 0);
        chats.askAtOnce(List.of(call(demoMini)));
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts.running.get() == 0);

        assertThat(refused).extracting(ChatMessage::role).containsOnly(ChatMessage.Role.ERROR);
        assertThat(refusalAlerts()).isOne();
        clock.set(clock.instant().plus(Duration.ofDays(1)));
        chats.askAtOnce(List.of(call(demoMini)));
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts.running.get() == 0);
        assertThat(refusalAlerts()).as("the next day").isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from mail_outbox where subject like 'Balance exhausted:%'").query(Long.class).single())
                .isEqualTo(2);
    }

    private ConcurrentChats.Call call(long model) {
        return new ConcurrentChats.Call("alice@acme.test", RunAs.user(users, "alice@acme.test", () -> threads.create(null, model).id()));
    }

    private long refusalAlerts() {
        return jdbc.sql("select count(*) from balance_alert where organization_id = ? and kind = 'BALANCE_EXHAUSTED'")
                .param(acme).query(Long.class).single();
    }

    private void record(long organizationId) {
        recorder.record(organizationId, new ReportedCall(UUID.randomUUID().toString(), "openai", "gpt-4o-mini",
                TokenCounts.of(1_000_000, 0), Attribution.of(null, null, null, null), null, clock.instant(), null, null, false,
                UsageSource.API));
    }
}
