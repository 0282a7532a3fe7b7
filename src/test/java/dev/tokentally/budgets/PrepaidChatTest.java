package dev.tokentally.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import dev.tokentally.chat.Answering;
import dev.tokentally.chat.ChatMessage;
import dev.tokentally.chat.ChatThreads;
import dev.tokentally.credits.GrantKind;
import dev.tokentally.credits.WalletMode;
import dev.tokentally.credits.WalletSettings;
import dev.tokentally.credits.Wallets;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

/** The chat passes the same gate as the gateway: a prepaid organization's member is held by its balance. */
@TokentallyTest
class PrepaidChatTest {

    @Autowired
    Wallets wallets;
    @Autowired
    ChatThreads threads;
    @Autowired
    Answering answering;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    @Test
    void a_chat_call_the_balance_cannot_cover_is_refused_with_how_to_top_up_and_a_covered_one_burns_credit() throws Exception {
        long acme = fixtures.organization("acme");
        long demoMini = fixtures.demoModel();
        wallets.configure(acme, new WalletSettings(WalletMode.PREPAID, null, null, null));
        ConcurrentChats chats = new ConcurrentChats(answering, users);

        ChatMessage refused = chats.askAtOnce(List.of(call(demoMini))).getFirst();
        wallets.grant(acme, GrantKind.FREE, new BigDecimal("5"), null, 0, "trial", null, "trial");
        ChatMessage answered = chats.askAtOnce(List.of(call(demoMini))).getFirst();

        assertThat(refused.role()).isEqualTo(ChatMessage.Role.ERROR);
        assertThat(refused.content()).startsWith("The organization's prepaid balance is EUR 0.00, less than this call may cost")
                .endsWith("An organization admin can buy credits on the Billing page or with POST /api/v1/wallet/top-ups.");
        assertThat(answered.role()).isEqualTo(ChatMessage.Role.ASSISTANT);
        BigDecimal billed = jdbc.sql("select round(billed_cost, 6) from usage_event").query(BigDecimal.class).single();
        assertThat(wallets.summary(acme).balance().amount()).isEqualByComparingTo(new BigDecimal("5").subtract(billed));
        assertThat(jdbc.sql("select count(*) from wallet_reservation").query(Long.class).single()).isZero();
    }

    private ConcurrentChats.Call call(long model) {
        return new ConcurrentChats.Call("alice@acme.test", RunAs.user(users, "alice@acme.test", () -> threads.create(null, model).id()));
    }
}
