package dev.tokentally.budgets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.function.Supplier;

import dev.tokentally.base.NotFoundException;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.userdetails.UserDetailsService;

/** A team manager manages the budgets of their teams (and sub-teams) and no other: the service refuses the rest as unknown. */
@TokentallyTest
class TeamManagerBudgetsTest {

    @Autowired
    Budgets budgets;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    @Test
    void a_manager_lists_and_changes_only_their_teams_budgets() {
        long acme = fixtures.organization("acme");
        long lab = fixtures.subTeam(team("research"), "lab", "Lab");
        asAdmin(acme, budget("Acme monthly", Budget.Scope.ORGANIZATION, null));
        asAdmin(acme, budget("Support monthly", Budget.Scope.TEAM, team("support")));
        asAdmin(acme, budget("Research monthly", Budget.Scope.TEAM, team("research")));

        // Alice manages Research, so she sees its sub-team Lab too.
        Budget labBudget = asAlice(() -> budgets.save(acme, budget("Lab monthly", Budget.Scope.TEAM, lab)));
        assertThat(asAlice(() -> budgets.list(acme)).stream().map(status -> status.budget().getName()))
                .containsExactly("Lab monthly", "Research monthly");

        labBudget.setAmount(new BigDecimal("20"));
        asAlice(() -> budgets.save(acme, labBudget));
        assertThat(amountOf(labBudget.getId())).isEqualByComparingTo("20");
        asAlice(() -> {
            budgets.delete(acme, labBudget.getId());
            return null;
        });
        assertThat(count("Lab monthly")).isZero();
    }

    @Test
    void a_manager_cannot_create_change_or_delete_another_teams_or_the_organizations_budget() {
        long acme = fixtures.organization("acme");
        Budget organization = asAdmin(acme, budget("Acme monthly", Budget.Scope.ORGANIZATION, null));
        Budget support = asAdmin(acme, budget("Support monthly", Budget.Scope.TEAM, team("support")));

        for (Budget.Scope scope : new Budget.Scope[] {Budget.Scope.ORGANIZATION, Budget.Scope.USER, Budget.Scope.AGENT,
                Budget.Scope.API_KEY}) {
            Budget other = budget("Not hers", scope, null);
            other.setUserId(fixtures.user("alice@acme.test"));
            other.setAgentName("Helper");
            assertThatThrownBy(() -> asAlice(() -> budgets.save(acme, other))).as(scope.name()).isInstanceOf(NotFoundException.class);
        }
        assertThatThrownBy(() -> asAlice(() -> budgets.save(acme, budget("Support too", Budget.Scope.TEAM, team("support")))))
                .isInstanceOf(NotFoundException.class);
        // Another team's budget, by id: neither moved to her team nor changed in place.
        support.setTeamId(team("research"));
        assertThatThrownBy(() -> asAlice(() -> budgets.save(acme, support))).isInstanceOf(NotFoundException.class);
        organization.setScope(Budget.Scope.TEAM);
        organization.setTeamId(team("research"));
        assertThatThrownBy(() -> asAlice(() -> budgets.save(acme, organization))).isInstanceOf(NotFoundException.class);
        for (long id : new long[] {organization.getId(), support.getId()}) {
            assertThatThrownBy(() -> asAlice(() -> {
                budgets.delete(acme, id);
                return null;
            })).isInstanceOf(NotFoundException.class);
        }

        assertThat(jdbc.sql("select name || ' ' || scope || ' ' || coalesce(team_id, 0) from budget order by name")
                .query(String.class).list())
                .containsExactly("Acme monthly ORGANIZATION 0", "Support monthly TEAM " + team("support"));
    }

    @Test
    void a_member_who_manages_no_team_is_refused_budgets_as_before() {
        long acme = fixtures.organization("acme");
        assertThatThrownBy(() -> RunAs.user(users, "bob@acme.test", () -> budgets.list(acme)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> RunAs.user(users, "bob@acme.test",
                () -> budgets.save(acme, budget("Support", Budget.Scope.TEAM, team("support")))))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(jdbc.sql("select count(*) from budget").query(Long.class).single()).isZero();
    }

    private Budget asAdmin(long acme, Budget budget) {
        return RunAs.user(users, "admin@acme.test", () -> budgets.save(acme, budget));
    }

    private <T> T asAlice(Supplier<T> action) {
        return RunAs.user(users, "alice@acme.test", action);
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

    private BigDecimal amountOf(long budgetId) {
        return jdbc.sql("select amount from budget where id = ?").param(budgetId).query(BigDecimal.class).single();
    }

    private long count(String name) {
        return jdbc.sql("select count(*) from budget where name = ?").param(name).query(Long.class).single();
    }
}
