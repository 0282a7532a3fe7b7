package dev.tokentally.budgets.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

class TagBudgetDialogTest extends ViewTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_gives_the_calls_with_a_tag_a_hard_budget_and_a_bad_tag_is_marked() {
        BudgetsView view = navigate(BudgetsView.class);
        test(view.create).click();
        BudgetDialog dialog = $(BudgetDialog.class).first();
        assertThat(dialog.tag.isVisible()).isFalse();

        test(dialog.name).setValue("Atlas monthly");
        test(dialog.scope).selectItem("Calls with one tag");
        assertThat(dialog.tag.isVisible()).isTrue();
        test(dialog.amount).setValue(new BigDecimal("500"));
        test(dialog.tag).setValue("project");
        test(dialog.save).click();
        assertThat(dialog.tag.getErrorMessage()).contains("The value of tag 'project' is not valid");
        assertThat(jdbc.sql("select count(*) from budget").query(Long.class).single()).isZero();

        test(dialog.tag).setValue("project=atlas");
        test(dialog.save).click();

        assertThat(jdbc.sql("select scope || ' ' || tag_key || '=' || tag_value || ' ' || amount from budget")
                .query(String.class).single()).isEqualTo("TAG project=atlas 500.000000");
        assertThat(test(view.grid).size()).isEqualTo(1);
    }
}
