package dev.tokentally.budgets.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import dev.tokentally.budgets.Budget;
import dev.tokentally.budgets.Budgets;
import dev.tokentally.models.SpendGate;
import dev.tokentally.models.SpendRefusedException;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;

/** Alice manages Research: on Budgets she sees and manages Research's budgets only, and they hold its members' calls. */
class TeamManagerBudgetsViewTest extends ViewTest {

    @Autowired
    Budgets budgets;
    @Autowired
    SpendGate gate;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    @Test
    @WithUserDetails("alice@acme.test")
    void a_team_manager_sees_only_their_teams_budget_and_creates_one_that_blocks_a_member_of_the_team() {
        long acme = fixtures.organization("acme");
        long research = team("research");
        asAdmin(acme, budget("Acme monthly", Budget.Scope.ORGANIZATION, null));
        asAdmin(acme, budget("Support monthly", Budget.Scope.TEAM, team("support")));
        asAdmin(acme, budget("Research monthly", Budget.Scope.TEAM, research));

        BudgetsView view = navigate(BudgetsView.class);
        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(test(view.grid).getCellText(0, 0)).isEqualTo("Research monthly");
        assertThat(test(view.grid).getCellText(0, 1)).isEqualTo("Team Research");

        test(view.create).click();
        BudgetDialog dialog = $(BudgetDialog.class).last();
        assertThat(dialog.scope.getListDataView().getItems()).containsExactly(Budget.Scope.TEAM);
        assertThat(dialog.teamId.getListDataView().getItems()).containsExactly(research);
        assertThat(dialog.teamId.getValue()).as("her one team, chosen").isEqualTo(research);
        assertThat(dialog.channels.isVisible()).as("alert channels are the admins' to choose").isFalse();
        test(dialog.name).setValue("Research hard stop");
        test(dialog.amount).setValue(new BigDecimal("0.000001"));
        dialog.enforcement.setValue(Budget.Enforcement.HARD);
        test(dialog.save).click();

        assertThat(test(view.grid).size()).isEqualTo(2);
        long bob = fixtures.user("bob@acme.test");
        SpendGate.SpendRequest bobForResearch = new SpendGate.SpendRequest(acme, bob, null, null, demoMini(), 30, 100,
                research, null);
        assertThatThrownBy(() -> gate.reserve(bobForResearch)).isInstanceOf(SpendRefusedException.class)
                .hasMessageStartingWith("The budget “Research hard stop”");

        test(view.grid).clickRow(0);
        test(button("Delete")).click();
        test($(ConfirmDialog.class).last()).confirm();
        assertThat(test(view.grid).size()).isEqualTo(1);
        gate.reserve(bobForResearch).release();
        assertThat(jdbc.sql("select name from budget order by name").query(String.class).list())
                .containsExactly("Acme monthly", "Research monthly", "Support monthly");
    }

    @Test
    @WithUserDetails("bob@acme.test")
    void a_member_who_manages_no_team_cannot_open_budgets() {
        assertDenied(BudgetsView.class);
    }

    private void asAdmin(long acme, Budget budget) {
        RunAs.user(users, "admin@acme.test", () -> budgets.save(acme, budget));
    }

    private static Budget budget(String name, Budget.Scope scope, Long teamId) {
        Budget budget = new Budget();
        budget.setName(name);
        budget.setScope(scope);
        budget.setTeamId(teamId);
        budget.setAmount(new BigDecimal("10"));
        return budget;
    }

    private long team(String slug) {
        return fixtures.teamId("acme", slug);
    }

    private long demoMini() {
        return fixtures.demoModel();
    }
}
