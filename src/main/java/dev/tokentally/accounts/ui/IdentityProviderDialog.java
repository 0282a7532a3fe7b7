package dev.tokentally.accounts.ui;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.BeanValidationBinder;
import com.vaadin.flow.data.provider.CallbackDataProvider;
import dev.tokentally.accounts.IdentityProviderSettings;
import dev.tokentally.accounts.Role;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.organizations.Organization;

/**
 * Adds or edits an identity provider. The client secret is write-only: an edit shows it empty and keeps the
 * stored one unless a new one is typed. Platform admins choose the organization whose users it signs in, or make it
 * platform-wide (existing accounts at its domains, platform admins included).
 */
class IdentityProviderDialog extends Dialog {

    final TextField name = new TextField("Display name");
    final TextField issuerUri = new TextField("Issuer URL");
    final TextField clientId = new TextField("Client ID");
    final PasswordField clientSecret = new PasswordField("Client secret");
    final TextField allowedDomains = new TextField("Email domains");
    final Checkbox platformWide = new Checkbox("Platform-wide: signs in existing accounts at its domains, platform admins "
            + "included, and adds no one");
    final ComboBox<Organization> organization = new ComboBox<>("Organization whose users it signs in");
    final Checkbox shownOnLoginPage = new Checkbox("Shown to everyone on the sign-in page");
    final Checkbox requireVerifiedEmail = new Checkbox("New users need a verified email address (email_verified)");
    final Select<Role> defaultRole = new Select<>();
    final TextField roleClaim = new TextField("Role claim");
    final TextField orgAdminValues = new TextField("Values for organization admin");
    final TextField memberValues = new TextField("Values for member");
    final Checkbox enabled = new Checkbox("Offered on the sign-in page");
    final Button save = new Button("Save");

    private final BeanValidationBinder<IdentityProviderSettings> binder = new BeanValidationBinder<>(IdentityProviderSettings.class);

    /**
     * @param organizations the organizations to choose from, or null when it is the admin's own
     * @param current       the organization of the provider being edited, or null
     */
    IdentityProviderDialog(String title, IdentityProviderSettings settings, boolean isNew,
                           CallbackDataProvider.FetchCallback<Organization, String> organizations, Organization current,
                           UnaryOperator<IdentityProviderSettings> saver, Runnable afterSave) {
        setHeaderTitle(title);
        issuerUri.setHelperText("Its discovery document is read from <issuer>/.well-known/openid-configuration");
        issuerUri.setPlaceholder("https://login.example.com/realms/acme");
        clientSecret.setRevealButtonVisible(false);
        clientSecret.setHelperText(isNew ? "Kept sealed; never shown again" : "Kept sealed; leave empty to keep the stored one");
        clientSecret.setRequired(isNew);
        allowedDomains.setHelperText("Comma-separated, such as example.com: the sign-in page offers this provider to "
                + "addresses at these domains, and it signs in no other; one provider per domain");
        allowedDomains.setRequired(true);
        requireVerifiedEmail.setTooltipText("Signing in to an existing account always needs it");
        defaultRole.setLabel("Default role");
        defaultRole.setItems(List.of(Role.MEMBER, Role.ORG_ADMIN));
        defaultRole.setItemLabelGenerator(Role::label);
        roleClaim.setHelperText("Optional: a claim such as groups whose values give roles; none matching: the default role");
        orgAdminValues.setHelperText("Comma-separated claim values");
        memberValues.setHelperText("Comma-separated claim values");

        binder.forField(name).bind("name");
        binder.forField(issuerUri).bind("issuerUri");
        binder.forField(clientId).bind("clientId");
        binder.forField(clientSecret).bind("clientSecret");
        binder.forField(allowedDomains).bind("allowedDomains");
        binder.forField(defaultRole).bind("defaultRole");
        binder.forField(roleClaim).bind("roleClaim");
        binder.forField(orgAdminValues).bind("orgAdminValues");
        binder.forField(memberValues).bind("memberValues");
        binder.forField(enabled).bind("enabled");
        binder.forField(shownOnLoginPage).bind("shownOnLoginPage");
        binder.forField(requireVerifiedEmail).bind("requireVerifiedEmail");
        binder.forField(platformWide).bind("platformWide");
        binder.readBean(settings);

        FormLayout form = new FormLayout(name, issuerUri, clientId, clientSecret, allowedDomains);
        if (organizations != null) {
            organization.setItems(organizations);
            organization.setItemLabelGenerator(Organization::getName);
            organization.setRequired(true);
            organization.setValue(current);
            platformWide.addValueChangeListener(event -> showPlatformWide(event.getValue()));
            form.add(platformWide, organization, shownOnLoginPage);
            form.setColspan(platformWide, 2);
        }
        showPlatformWide(settings.isPlatformWide());
        form.add(defaultRole, roleClaim, orgAdminValues, memberValues, requireVerifiedEmail, enabled);
        add(form);
        name.setAutofocus(true);

        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(event -> {
            if (organizations != null) {
                settings.setOrganizationId(organization.getValue() == null || platformWide.getValue() ? null : organization.getValue().getId());
            }
            if (Saving.attempt(binder, settings, saver, Map.of("organizationId", organization))) {
                close();
                afterSave.run();
            }
        });
        getFooter().add(new Button("Cancel", event -> close()), save);
        setWidth("40rem");
    }

    /** A platform-wide provider has no organization, no roles to give and no one to add; only it may be shown to everyone. */
    private void showPlatformWide(boolean wide) {
        organization.setVisible(!wide);
        shownOnLoginPage.setVisible(wide);
        if (!wide) {
            shownOnLoginPage.setValue(false);
        }
        defaultRole.setVisible(!wide);
        roleClaim.setVisible(!wide);
        orgAdminValues.setVisible(!wide);
        memberValues.setVisible(!wide);
        requireVerifiedEmail.setVisible(!wide);
    }
}
