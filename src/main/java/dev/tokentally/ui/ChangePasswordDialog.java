package dev.tokentally.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.textfield.PasswordField;
import dev.tokentally.accounts.NewPassword;
import dev.tokentally.accounts.UserAccountService;

/** Lets the signed-in user change their own password; the current one is asked for first. */
class ChangePasswordDialog extends Dialog {

    final PasswordField current = new PasswordField("Current password");
    final PasswordField chosen = new PasswordField("New password");
    final PasswordField repeated = new PasswordField("Repeat new password");
    final Button save = new Button("Change password");

    private final UserAccountService users;

    ChangePasswordDialog(UserAccountService users) {
        this.users = users;
        setHeaderTitle("Change password");
        chosen.setHelperText(NewPassword.HELP);
        current.setRequired(true);
        chosen.setRequired(true);
        repeated.setRequired(true);
        current.setAutofocus(true);
        add(new FormLayout(current, chosen, repeated));

        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(event -> save());
        save.addClickShortcut(Key.ENTER);
        getFooter().add(new Button("Cancel", event -> close()), save);
    }

    private void save() {
        current.setInvalid(false);
        chosen.setInvalid(false);
        repeated.setInvalid(false);
        if (!NewPassword.Rule.allows(chosen.getValue())) {
            markInvalid(chosen, NewPassword.RULE);
            return;
        }
        if (!chosen.getValue().equals(repeated.getValue())) {
            markInvalid(repeated, "The two new passwords differ");
            return;
        }
        try {
            users.changeOwnPassword(current.getValue(), chosen.getValue());
        } catch (UserAccountService.WrongPasswordException wrong) {
            markInvalid(current, wrong.getMessage());
            return;
        } catch (jakarta.validation.ConstraintViolationException invalid) {
            markInvalid(chosen, NewPassword.RULE);
            return;
        }
        close();
        Notification.show("Your password was changed", 4000, Notification.Position.BOTTOM_START)
                .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    private static void markInvalid(PasswordField field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
        field.focus();
    }
}
