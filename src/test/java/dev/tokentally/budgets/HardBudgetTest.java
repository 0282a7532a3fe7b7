package dev.tokentally.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import dev.tokentally.chat.Answering;
import dev.tokentally.chat.ChatMessage;
import dev.tokentally.chat.ChatThreads;
import dev.tokentally.models.SpendGate;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.UsageRecorder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

/** A hard budget holds when many chat calls race for the last of it. */
@TokentallyTest
class HardBudgetTest {

    @Autowired
    Budgets budgets;
    @Autowired
    BudgetGate gate;
    @Autowired
    UsageRecorder recorder;
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
    void fifty_concurrent_chat_calls_never_spend_past_the_limit_and_the_refused_ones_record_nothing() throws Exception {
        BudgetTestSupport support = new BudgetTestSupport(budgets, recorder, users, fixtures);
        long demoMini = fixtures.demoModel();
        // Room for about ten calls at their worst case (their prompt and the model's 16,384 output tokens).
        BigDecimal worstCase = gate.worstCase(new SpendGate.SpendRequest(support.acme(), support.alice(), null, null, demoMini,
                30, 16_384)).amount();
        BigDecimal limit = worstCase.multiply(BigDecimal.TEN).setScale(6, java.math.RoundingMode.DOWN);
        support.monthly("Acme hard limit", limit.toPlainString(), Budget.Enforcement.HARD);
        List<ConcurrentChats.Call> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(new ConcurrentChats.Call("alice@acme.test",
                    RunAs.user(users, "alice@acme.test", () -> threads.create(null, demoMini).id())));
        }

        List<ChatMessage> ends = new ConcurrentChats(answering, users).askAtOnce(calls);

        long answered = ends.stream().filter(end -> end.role() == ChatMessage.Role.ASSISTANT).count();
        List<ChatMessage> refused = ends.stream().filter(end -> end.role() == ChatMessage.Role.ERROR).toList();
        BigDecimal spent = jdbc.sql("select coalesce(sum(billed_cost), 0) from usage_event").query(BigDecimal.class).single();
        assertThat(spent).isLessThanOrEqualTo(limit);
        assertThat(answered).isGreaterThanOrEqualTo(10);
        assertThat(refused).isNotEmpty().allSatisfy(failure -> assertThat(failure.content())
                .startsWith("The budget “Acme hard limit” has").contains("Ask an organization admin (admin@acme.test)"));
        assertThat(jdbc.sql("select count(*) from usage_event").query(Long.class).single())
                .as("one event per answer, none for a refused call").isEqualTo(answered);
        assertThat(jdbc.sql("select count(*) from budget_reservation").query(Long.class).single())
                .as("every reservation was replaced by the real cost or released").isZero();
    }
}
