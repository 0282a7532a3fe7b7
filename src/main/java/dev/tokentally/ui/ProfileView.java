package dev.tokentally.ui;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.accounts.UserAccount;
import dev.tokentally.accounts.UserAccountService;
import dev.tokentally.base.ui.DateText;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.ConstraintViolationException;

/** The signed-in user's own account: their name can change here, their password from the dialog. */
@Route("profile")
@PageTitle("Profile")
@PermitAll
public class ProfileView extends VerticalLayout {

    private static final DateTimeFormatter WHEN = DateText.DATE_TIME;

    final TextField displayName = new TextField("Name");
    final Button save = new Button("Save");
    final Button changePassword = new Button("Change password");

    ProfileView(UserAccountService users) {
        UserAccount me = users.me();
        TextField email = readOnly("Email", me.getEmail());
        TextField role = readOnly("Role", me.getRole().label());
        TextField organization = readOnly("Organization", me.getOrganization() == null ? "—" : me.getOrganizationName());
        String zone = me.getOrganization() == null ? "UTC" : me.getOrganization().getTimeZone();
        TextField lastSignIn = readOnly("Last sign-in", me.getLastSignInAt() == null ? "—"
                : WHEN.format(me.getLastSignInAt().atZone(ZoneId.of(zone))) + " (" + zone + ")");

        displayName.setValue(me.getDisplayName());
        displayName.setRequired(true);
        displayName.setMaxLength(100);

        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER);
        save.addClickListener(event -> {
            try {
                users.changeOwnName(displayName.getValue());
                displayName.setInvalid(false);
                Notification.show("Saved", 3000, Notification.Position.BOTTOM_START)
                        .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            } catch (ConstraintViolationException invalid) {
                displayName.setErrorMessage(invalid.getConstraintViolations().iterator().next().getMessage());
                displayName.setInvalid(true);
            }
        });
        changePassword.addClickListener(event -> new ChangePasswordDialog(users).open());

        FormLayout form = new FormLayout(displayName, email, role, organization, lastSignIn);
        form.setMaxWidth("40rem");
        add(form, new HorizontalLayout(save, changePassword));
    }

    private static TextField readOnly(String label, String value) {
        TextField field = new TextField(label);
        field.setValue(value);
        field.setReadOnly(true);
        return field;
    }
}
