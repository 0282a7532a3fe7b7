package dev.tokentally.budgets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import dev.tokentally.chat.Answering;
import dev.tokentally.chat.ChatMessage;
import dev.tokentally.chat.ChatThreads;
import dev.tokentally.models.SpendGate;
import dev.tokentally.models.SpendRefusedException;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.UsageRecorder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

/** A call must fit every budget on its path: the organization's, its team's and that team's parent's, the member's, the key's. */
@TokentallyTest
class TeamBudgetTest {

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
    void fifty_concurrent_calls_by_different_members_of_one_team_never_spend_past_the_team_budget() throws Exception {
        BudgetTestSupport support = new BudgetTestSupport(budgets, recorder, users, fixtures);
        long research = team("research");
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String email = "member" + i + "@acme.test";
            fixtures.newMember("acme", email, "Member " + i);
            fixtures.member(research, email, false);
            fixtures.defaultTeam(email, research);
            members.add(email);
        }
        long demoMini = demoMini();
        BigDecimal worstCase = gate.worstCase(new SpendGate.SpendRequest(support.acme(), support.alice(), null, null, demoMini,
                30, 16_384)).amount();
        BigDecimal limit = worstCase.multiply(BigDecimal.TEN).setScale(6, RoundingMode.DOWN);
        Budget budget = new Budget();
        budget.setName("Research monthly");
        budget.setScope(Budget.Scope.TEAM);
        budget.setTeamId(research);
        budget.setAmount(limit);
        budget.setEnforcement(Budget.Enforcement.HARD);
        RunAs.user(users, "admin@acme.test", () -> budgets.save(support.acme(), budget));
        List<ConcurrentChats.Call> calls = new ArrayList<>();
        for (String member : members) {
            calls.add(new ConcurrentChats.Call(member, RunAs.user(users, member, () -> threads.create(null, demoMini).id())));
        }

        List<ChatMessage> ends = new ConcurrentChats(answering, users).askAtOnce(calls);

        long answered = ends.stream().filter(end -> end.role() == ChatMessage.Role.ASSISTANT).count();
        List<ChatMessage> refused = ends.stream().filter(end -> end.role() == ChatMessage.Role.ERROR).toList();
        BigDecimal teamSpent = jdbc.sql("select coalesce(sum(billed_cost), 0) from usage_daily where team_id = ?")
                .param(research).query(BigDecimal.class).single();
        assertThat(teamSpent).isLessThanOrEqualTo(limit).isPositive();
        assertThat(answered).isGreaterThanOrEqualTo(10);
        assertThat(refused).isNotEmpty().allSatisfy(failure -> assertThat(failure.content())
                .startsWith("The budget “Research monthly” has"));
        assertThat(jdbc.sql("select count(*) from usage_event where team_id = ?").param(research).query(Long.class).single())
                .as("every answer charged to the thread's team, none for a refused call").isEqualTo(answered);
        assertThat(jdbc.sql("select count(*) from budget_reservation").query(Long.class).single()).isZero();
    }

    @Test
    void a_sub_teams_call_must_fit_its_parents_budget_and_the_refusal_names_it() {
        BudgetTestSupport support = new BudgetTestSupport(budgets, recorder, users, fixtures);
        long research = team("research");
        long lab = fixtures.subTeam(research, "lab", "Lab");
        Budget budget = new Budget();
        budget.setName("Research tiny");
        budget.setScope(Budget.Scope.TEAM);
        budget.setTeamId(research);
        budget.setAmount(new BigDecimal("0.000001"));
        budget.setEnforcement(Budget.Enforcement.HARD);
        RunAs.user(users, "admin@acme.test", () -> budgets.save(support.acme(), budget));

        SpendGate.SpendRequest inLab = new SpendGate.SpendRequest(support.acme(), support.alice(), null, null, demoMini(),
                30, 100, lab, null);
        assertThatThrownBy(() -> gate.reserve(inLab)).isInstanceOf(SpendRefusedException.class)
                .hasMessageStartingWith("The budget “Research tiny”");
        long support2 = team("support");
        SpendGate.SpendRequest inSupport = new SpendGate.SpendRequest(support.acme(), support.alice(), null, null, demoMini(),
                30, 100, support2, null);
        gate.reserve(inSupport).release();
    }

    @Test
    void a_keys_budget_holds_its_gateway_calls() {
        BudgetTestSupport support = new BudgetTestSupport(budgets, recorder, users, fixtures);
        long key = fixtures.apiKey("acme", "batch app").id();
        Budget budget = new Budget();
        budget.setName("Batch app key");
        budget.setScope(Budget.Scope.API_KEY);
        budget.setApiKeyId(key);
        budget.setAmount(new BigDecimal("0.000001"));
        budget.setEnforcement(Budget.Enforcement.HARD);
        RunAs.user(users, "admin@acme.test", () -> budgets.save(support.acme(), budget));

        assertThatThrownBy(() -> gate.reserve(new SpendGate.SpendRequest(support.acme(), 0, null, null, demoMini(), 30, 100,
                null, key))).isInstanceOf(SpendRefusedException.class).hasMessageStartingWith("The budget “Batch app key”");
        gate.reserve(new SpendGate.SpendRequest(support.acme(), 0, null, null, demoMini(), 30, 100)).release();
    }

    private long demoMini() {
        return fixtures.demoModel();
    }

    private long team(String slug) {
        return fixtures.teamId("acme", slug);
    }
}
