package dev.tokentally.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.tokentally.chat.Answering;
import dev.tokentally.chat.ChatMessage;
import dev.tokentally.chat.ChatThreads;
import dev.tokentally.chat.ThreadTotals;
import dev.tokentally.credits.WalletSummary;
import dev.tokentally.credits.Wallets;
import dev.tokentally.invoicing.AutoTopUp;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

/** The demo's prepaid Initech: its week of history leaves it a few demo chats above the auto top-up threshold. */
@TokentallyTest
class InitechHistoryTest {

    private static final Instant NOW = Instant.parse("2026-12-16T14:30:00Z");
    private static final BigDecimal THRESHOLD = new BigDecimal("2.00");

    @Autowired
    InitechHistory history;
    @Autowired
    Wallets wallets;
    @Autowired
    Answering answering;
    @Autowired
    ChatThreads threads;
    @Autowired
    AutoTopUp autoTopUp;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UserDetailsService users;

    @Test
    void initech_burns_down_to_a_few_demo_chats_above_its_threshold_and_the_chats_cross_it_into_one_top_up() {
        clock.set(NOW);
        long initech = fixtures.organization("initech");
        RunAs.user(users, DemoHistory.PLATFORM_ADMIN_EMAIL, () -> {
            history.load(NOW);
            return null;
        });

        WalletSummary summary = wallets.summary(initech);
        BigDecimal balance = summary.balance().amount();
        assertThat(balance).isGreaterThan(THRESHOLD).isLessThan(new BigDecimal("2.01"));
        assertThat(summary.burnPerDay().amount()).isPositive();
        assertThat(summary.daysLeft()).isNotNull();
        assertThat(jdbc.sql("select count(distinct occurred_at::date) from usage_event where organization_id = ?")
                .param(initech).query(Long.class).single()).as("a history over several days").isGreaterThan(2);
        assertThat(autoTopUp.sweep()).as("nothing due at start-up").isZero();
        assertThat(topUpInvoices(initech)).isZero();

        int chats = 0;
        while (wallets.summary(initech).balance().amount().compareTo(THRESHOLD) >= 0 && chats < 10) {
            ChatMessage answer = chat("Question " + ++chats);
            assertThat(answer.role()).as(answer.content()).isEqualTo(ChatMessage.Role.ASSISTANT);
        }
        assertThat(chats).as("demo chats until the balance fell below EUR 2").isBetween(2, 6);
        await().atMost(Duration.ofSeconds(20)).until(() -> topUpInvoices(initech) > 0);
        assertThat(autoTopUp.sweep()).as("one top-up is waiting for payment").isZero();
        assertThat(topUpInvoices(initech)).isOne();
    }

    /** One question in a new thread on the demo model, as Initech's admin asks it in the chat. */
    private ChatMessage chat(String question) {
        return RunAs.user(users, "admin@initech.test", () -> {
            CompletableFuture<ChatMessage> end = new CompletableFuture<>();
            answering.ask(threads.create(null, fixtures.demoModel()).id(), question, new Answering.Listener() {
                @Override
                public void onToken(String text) {
                }

                @Override
                public void onAnswer(ChatMessage answer, ThreadTotals totals) {
                    end.complete(answer);
                }

                @Override
                public void onFailure(ChatMessage failure) {
                    end.complete(failure);
                }
            });
            try {
                return end.get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("The answer did not end", e);
            }
        });
    }

    private long topUpInvoices(long organizationId) {
        return jdbc.sql("select count(*) from invoice where organization_id = ? and bills = 'TOP_UP'").param(organizationId)
                .query(Long.class).single();
    }
}
