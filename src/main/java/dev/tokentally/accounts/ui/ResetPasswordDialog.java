package dev.tokentally.accounts.ui;

import java.util.function.Consumer;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.textfield.PasswordField;
import dev.tokentally.accounts.NewPassword;
import dev.tokentally.accounts.UserAccount;
import jakarta.validation.ConstraintViolationException;

/** An admin sets a new password for a user who forgot theirs. */
class ResetPasswordDialog extends Dialog {

    final PasswordField password = new PasswordField("New password");
    final Button save = new Button("Set password");

    ResetPasswordDialog(UserAccount user, Consumer<String> reset) {
        setHeaderTitle("Reset password of " + user.getEmail());
        password.setHelperText(NewPassword.HELP + "; tell it to the user");
        password.setRequired(true);
        password.setAutofocus(true);
        add(new Paragraph("The user signs in with this password from now on."), password);

        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER);
        save.addClickListener(event -> {
            try {
                reset.accept(password.getValue());
            } catch (ConstraintViolationException invalid) {
                password.setErrorMessage(invalid.getConstraintViolations().iterator().next().getMessage());
                password.setInvalid(true);
                return;
            }
            close();
            Notification.show("Password of " + user.getEmail() + " was reset", 4000, Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        });
        getFooter().add(new Button("Cancel", event -> close()), save);
    }
}
