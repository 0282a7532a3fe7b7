package dev.tokentally.accounts.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import dev.tokentally.accounts.NewPassword;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.test.context.support.WithUserDetails;

class UsersViewTest extends ViewTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder passwordEncoder;

    private int userCount() {
        return jdbc.sql("select count(*) from app_user").query(Integer.class).single();
    }

    private String passwordHashOf(String email) {
        return jdbc.sql("select password_hash from app_user where email = ?").param(email).query(String.class).single();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void org_admin_sees_only_their_organizations_users() {
        UsersView view = navigate(UsersView.class);

        assertThat(test(view.grid).size()).isEqualTo(3);
        assertThat(view.organizationFilter.isVisible() && view.organizationFilter.getParent().isPresent()).isFalse();
        for (int row = 0; row < 3; row++) {
            assertThat(test(view.grid).getCellText(row, 0)).endsWith("@acme.test");
        }
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void org_admin_creates_a_member_whose_password_is_stored_hashed() {
        UsersView view = navigate(UsersView.class);
        test(view.create).click();
        UserDialog dialog = $(UserDialog.class).single();
        assertThat(test(dialog.role).getSuggestions()).containsExactly("Member", "Organization admin");

        test(dialog.email).setValue("carol@acme.test");
        test(dialog.displayName).setValue("Carol Example");
        test(dialog.role).selectItem("Member");
        test(dialog.password).setValue("correct-horse");
        test(dialog.save).click();

        assertThat(dialog.isOpened()).isFalse();
        assertThat(test(view.grid).size()).isEqualTo(4);
        String organization = jdbc.sql("""
                select o.slug from app_user u join organization o on o.id = u.organization_id
                where u.email = 'carol@acme.test' and u.role = 'MEMBER'""").query(String.class).single();
        assertThat(organization).isEqualTo("acme");
        String hash = passwordHashOf("carol@acme.test");
        assertThat(hash).doesNotContain("correct-horse").startsWith("{bcrypt}");
        assertThat(passwordEncoder.matches("correct-horse", hash)).isTrue();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void duplicate_email_in_any_case_and_short_password_are_marked_and_nothing_is_saved() {
        UsersView view = navigate(UsersView.class);
        test(view.create).click();
        UserDialog dialog = $(UserDialog.class).single();

        test(dialog.email).setValue("ALICE@acme.test");
        test(dialog.displayName).setValue("Alice Again");
        test(dialog.password).setValue("long-enough-1");
        test(dialog.save).click();
        assertThat(dialog.email.isInvalid()).isTrue();
        assertThat(dialog.email.getErrorMessage()).isEqualTo("A user with this email exists already");

        test(dialog.email).setValue("new@acme.test");
        test(dialog.password).setValue("short");
        test(dialog.save).click();
        assertThat(dialog.password.isInvalid()).isTrue();
        assertThat(dialog.password.getErrorMessage()).isEqualTo(NewPassword.RULE);

        // 40 characters but 80 bytes: more than bcrypt reads
        test(dialog.password).setValue("é".repeat(40));
        test(dialog.save).click();
        assertThat(dialog.password.isInvalid()).isTrue();
        assertThat(dialog.password.getErrorMessage()).isEqualTo(NewPassword.RULE);

        assertThat(dialog.isOpened()).isTrue();
        assertThat(userCount()).isEqualTo(7);
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void deactivating_asks_first_and_then_blocks_the_user() {
        UsersView view = navigate(UsersView.class);
        test(view.filter).setValue("bob");
        assertThat(test(view.grid).size()).isEqualTo(1);
        var actions = (com.vaadin.flow.component.orderedlayout.HorizontalLayout) test(view.grid).getCellComponent(0, "actions");
        var deactivate = (com.vaadin.flow.component.button.Button) actions.getComponentAt(0);

        test(deactivate).click();
        ConfirmDialog confirm = $(ConfirmDialog.class).single();
        test(confirm).cancel();
        assertThat(jdbc.sql("select active from app_user where email = 'bob@acme.test'").query(Boolean.class).single()).isTrue();

        test(deactivate).click();
        test($(ConfirmDialog.class).last()).confirm();
        assertThat(jdbc.sql("select active from app_user where email = 'bob@acme.test'").query(Boolean.class).single()).isFalse();
        assertThat(test(view.grid).getCellText(0, 0)).isEqualTo("bob@acme.test");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void admin_resets_a_users_password() {
        UsersView view = navigate(UsersView.class);
        test(view.filter).setValue("alice");
        var actions = (com.vaadin.flow.component.orderedlayout.HorizontalLayout) test(view.grid).getCellComponent(0, "actions");
        test((com.vaadin.flow.component.button.Button) actions.getComponentAt(1)).click();
        ResetPasswordDialog dialog = $(ResetPasswordDialog.class).single();

        test(dialog.password).setValue("a".repeat(73));
        test(dialog.save).click();
        assertThat(dialog.password.isInvalid()).isTrue();
        assertThat(dialog.password.getErrorMessage()).isEqualTo(NewPassword.RULE);
        assertThat(passwordEncoder.matches("demo", passwordHashOf("alice@acme.test"))).isTrue();

        test(dialog.password).setValue("a-new-secret");
        test(dialog.save).click();

        assertThat(passwordEncoder.matches("a-new-secret", passwordHashOf("alice@acme.test"))).isTrue();
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void platform_admin_filters_users_by_organization_and_creates_one_in_any_organization() {
        UsersView view = navigate(UsersView.class);
        assertThat(test(view.grid).size()).isEqualTo(7);

        test(view.organizationFilter).selectItem("Globex");
        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(test(view.grid).getCellText(0, 0)).isEqualTo("admin@globex.test");

        test(view.create).click();
        UserDialog dialog = $(UserDialog.class).single();
        test(dialog.email).setValue("hank@globex.test");
        test(dialog.displayName).setValue("Hank");
        test(dialog.role).selectItem("Member");
        test(dialog.organizationChoice).selectItem("Globex");
        test(dialog.password).setValue("globex-pass-1");
        test(dialog.save).click();

        assertThat(test(view.grid).size()).isEqualTo(2);
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void member_cannot_open_users() {
        assertDenied(UsersView.class);
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void the_platform_admin_reads_sign_in_times_in_utc_and_the_header_says_so() {
        UsersView view = navigate(UsersView.class);

        assertThat(view.grid.getColumns().stream().map(column -> column.getHeaderText()))
                .contains("Last sign-in (UTC)");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_reads_sign_in_times_in_the_organizations_zone_without_a_utc_label() {
        jdbc.sql("update app_user set last_sign_in_at = '2026-07-01T10:00:00Z' where email = 'bob@acme.test'").update();
        UsersView view = navigate(UsersView.class);
        test(view.filter).setValue("bob");

        int column = view.grid.getColumns().stream().map(Grid.Column::getHeaderText).toList().indexOf("Last sign-in");
        assertThat(column).as("acme's own zone goes unsaid in the header").isNotNegative();
        assertThat(test(view.grid).getCellText(0, column)).as("10:00 UTC is noon in Berlin in summer").isEqualTo("2026-07-01 12:00");
    }
}
