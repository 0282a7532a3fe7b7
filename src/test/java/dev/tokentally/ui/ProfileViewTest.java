package dev.tokentally.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentally.accounts.NewPassword;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.test.context.support.WithUserDetails;

class ProfileViewTest extends ViewTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder passwordEncoder;

    private String hashOfAlice() {
        return jdbc.sql("select password_hash from app_user where email = 'alice@acme.test'").query(String.class).single();
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void member_renames_themselves() {
        ProfileView view = navigate(ProfileView.class);

        test(view.displayName).setValue("Alice Liddell");
        test(view.save).click();

        assertThat(jdbc.sql("select display_name from app_user where email = 'alice@acme.test'").query(String.class).single())
                .isEqualTo("Alice Liddell");
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void changing_the_password_needs_the_current_one_and_two_equal_new_ones() {
        ProfileView view = navigate(ProfileView.class);
        test(view.changePassword).click();
        ChangePasswordDialog dialog = $(ChangePasswordDialog.class).single();

        test(dialog.current).setValue("not-my-password");
        test(dialog.chosen).setValue("wonderland-1");
        test(dialog.repeated).setValue("wonderland-1");
        test(dialog.save).click();
        assertThat(dialog.current.isInvalid()).isTrue();
        assertThat(dialog.current.getErrorMessage()).isEqualTo("The current password is not right");

        test(dialog.current).setValue("demo");
        test(dialog.repeated).setValue("wonderland-2");
        test(dialog.save).click();
        assertThat(dialog.repeated.getErrorMessage()).isEqualTo("The two new passwords differ");
        assertThat(passwordEncoder.matches("demo", hashOfAlice())).isTrue();

        // 72 bytes is the most bcrypt reads: 24 three-byte characters fit, a 73rd byte does not
        test(dialog.chosen).setValue("€".repeat(24) + "x");
        test(dialog.repeated).setValue("€".repeat(24) + "x");
        test(dialog.save).click();
        assertThat(dialog.chosen.isInvalid()).isTrue();
        assertThat(dialog.chosen.getErrorMessage()).isEqualTo(NewPassword.RULE);
        assertThat(passwordEncoder.matches("demo", hashOfAlice())).isTrue();

        test(dialog.chosen).setValue("wonderland-1");
        test(dialog.repeated).setValue("wonderland-1");
        test(dialog.save).click();
        assertThat(dialog.isOpened()).isFalse();
        assertThat(passwordEncoder.matches("wonderland-1", hashOfAlice())).isTrue();
    }
}
