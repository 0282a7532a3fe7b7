package dev.tokentally.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import dev.tokentally.models.SpendGate.SpendRequest;
import org.junit.jupiter.api.Test;

/** What the gate refuses from memory: only calls on a remembered budget's path, in its period, for at most a second. */
class UsedUpBudgetsTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    static final LocalDate TODAY = LocalDate.parse("2026-12-07");
    static final PeriodWindow DECEMBER = new PeriodWindow(LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-31"));

    final UsedUpBudgets.Remembered remembered = new UsedUpBudgets.Remembered(new ConcurrentHashMap<>());

    @Test
    void a_used_up_budget_refuses_calls_on_its_path_in_its_period_for_at_most_a_second() {
        remembered.remember(budget(1, Budget.Scope.ORGANIZATION), DECEMBER, NOW, "used up");

        assertThat(remembered.refusal(call(7, 70L), List.of(), TODAY, NOW.plusMillis(999))).contains("used up");
        assertThat(remembered.refusal(call(7, 70L), List.of(), TODAY, NOW.plus(UsedUpBudgets.REMEMBERED_FOR))).isEmpty();
        assertThat(remembered.refusal(call(7, 70L), List.of(), LocalDate.parse("2027-01-01"), NOW)).as("next period").isEmpty();
    }

    @Test
    void a_used_up_budget_of_a_member_team_or_key_refuses_only_their_calls() {
        Budget member = budget(1, Budget.Scope.USER);
        member.setUserId(7L);
        Budget team = budget(2, Budget.Scope.TEAM);
        team.setTeamId(30L);
        Budget key = budget(3, Budget.Scope.API_KEY);
        key.setApiKeyId(70L);
        for (Budget budget : List.of(member, team, key)) {
            UsedUpBudgets.Remembered one = new UsedUpBudgets.Remembered(new ConcurrentHashMap<>());
            one.remember(budget, DECEMBER, NOW, "used up");
            assertThat(one.refusal(call(7, 70L), List.of(30L, 3L), TODAY, NOW)).as(budget.getScope().name()).contains("used up");
            assertThat(one.refusal(call(8, 71L), List.of(31L, 3L), TODAY, NOW)).as(budget.getScope().name()).isEmpty();
        }
    }

    private static Budget budget(long id, Budget.Scope scope) {
        Budget budget = new Budget();
        budget.setId(id);
        budget.setOrganizationId(1L);
        budget.setScope(scope);
        budget.setPeriod(Budget.Period.MONTHLY);
        budget.setAmount(BigDecimal.TEN);
        budget.setEnforcement(Budget.Enforcement.HARD);
        return budget;
    }

    private static SpendRequest call(long userId, Long apiKeyId) {
        return new SpendRequest(1, userId, null, null, 5, 10, 100, null, apiKeyId);
    }
}
