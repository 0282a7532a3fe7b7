package dev.tokentally.accounts.ui;

import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.BeanValidationBinder;
import com.vaadin.flow.data.provider.CallbackDataProvider;
import dev.tokentally.accounts.NewPassword;
import dev.tokentally.accounts.Role;
import dev.tokentally.accounts.UserAccount;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.organizations.Organization;

/**
 * Creates or edits a user. A new user gets a first password; platform admins also choose the
 * organization. The roles offered are the ones the signed-in admin may grant.
 */
class UserDialog extends Dialog {

    /** What the view does with a saved form: the edited user and, for a new one, organization and password. */
    interface Saver {
        UserAccount save(UserAccount user, Organization organization, String password);
    }

    final EmailField email = new EmailField("Email");
    final TextField displayName = new TextField("Name");
    final Select<Role> role = new Select<>();
    final ComboBox<Organization> organizationChoice = new ComboBox<>("Organization");
    final PasswordField password = new PasswordField("First password");
    final Button save = new Button("Save");

    private final BeanValidationBinder<UserAccount> binder = new BeanValidationBinder<>(UserAccount.class);

    /**
     * @param organizations the organizations to choose from for a new user, or null when the
     *                      organization is the admin's own
     */
    UserDialog(UserAccount user, List<Role> grantableRoles,
               CallbackDataProvider.FetchCallback<Organization, String> organizations,
               Saver saver, Runnable afterSave) {
        boolean isNew = user.getId() == null;
        setHeaderTitle(isNew ? "New user" : "Edit " + user.getEmail());

        role.setLabel("Role");
        role.setItems(user.getRole() == Role.PLATFORM_ADMIN && !isNew ? List.of(Role.PLATFORM_ADMIN) : grantableRoles);
        role.setItemLabelGenerator(Role::label);
        role.setReadOnly(user.getRole() == Role.PLATFORM_ADMIN && !isNew);
        binder.bindInstanceFields(this);
        binder.readBean(user);

        FormLayout form = new FormLayout(email, displayName, role);
        boolean choosesOrganization = isNew && organizations != null;
        if (choosesOrganization) {
            organizationChoice.setItems(organizations);
            organizationChoice.setItemLabelGenerator(Organization::getName);
            organizationChoice.setRequired(true);
            role.addValueChangeListener(event -> organizationChoice.setEnabled(event.getValue() != Role.PLATFORM_ADMIN));
            form.add(organizationChoice);
        }
        if (isNew) {
            password.setHelperText(NewPassword.HELP + "; tell it to the user");
            password.setRequired(true);
            form.add(password);
        }
        add(form);
        email.setAutofocus(true);

        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER);
        save.addClickListener(event -> {
            if (choosesOrganization && role.getValue() != Role.PLATFORM_ADMIN && organizationChoice.isEmpty()) {
                organizationChoice.setErrorMessage("Choose the organization the user belongs to");
                organizationChoice.setInvalid(true);
                return;
            }
            if (Saving.attempt(binder, user, edited -> saver.save(edited, organizationChoice.getValue(), password.getValue()),
                    Map.of("password", password, "organizationId", organizationChoice))) {
                close();
                afterSave.run();
            }
        });
        getFooter().add(new Button("Cancel", event -> close()), save);
        setWidth("36rem");
    }
}
