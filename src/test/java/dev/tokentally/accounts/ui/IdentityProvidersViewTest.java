package dev.tokentally.accounts.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import dev.tokentally.base.net.OutboundAddresses;
import dev.tokentally.testsupport.IdentityProviderServer;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

class IdentityProvidersViewTest extends ViewTest {

    private static IdentityProviderServer idp;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    OutboundAddresses addresses;

    @BeforeAll
    static void startProvider() {
        idp = new IdentityProviderServer();
    }

    @AfterAll
    static void stopProvider() {
        idp.close();
    }

    private IdentityProviderDialog openNew(IdentityProvidersView view) {
        test(view.create).click();
        return $(IdentityProviderDialog.class).single();
    }

    private void fill(IdentityProviderDialog dialog, String issuer) {
        test(dialog.name).setValue("Acme SSO");
        test(dialog.issuerUri).setValue(issuer);
        test(dialog.clientId).setValue(IdentityProviderServer.CLIENT_ID);
        test(dialog.clientSecret).setValue(IdentityProviderServer.CLIENT_SECRET);
        test(dialog.allowedDomains).setValue("acme.test");
        test(dialog.roleClaim).setValue("groups");
        test(dialog.orgAdminValues).setValue("tt-admins");
    }

    private Button rowButton(IdentityProvidersView view, String text) {
        HorizontalLayout actions = (HorizontalLayout) test(view.grid).getCellComponent(0, "actions");
        return actions.getChildren().map(Button.class::cast).filter(button -> text.equals(button.getText())).findFirst().orElseThrow();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_adds_their_organizations_provider_whose_secret_is_sealed_and_never_shown_again() {
        IdentityProvidersView view = navigate(IdentityProvidersView.class);
        IdentityProviderDialog dialog = openNew(view);
        assertThat(dialog.organization.getParent()).as("an org admin's provider joins their own organization").isEmpty();
        fill(dialog, idp.issuerUri());
        test(dialog.save).click();

        assertThat(dialog.isOpened()).isFalse();
        assertThat(test(view.grid).size()).isOne();
        assertThat(test(view.grid).getCellText(0, 2)).isEqualTo("Acme Corp");
        assertThat(view.create.isVisible()).as("one provider per organization").isFalse();
        String sealed = jdbc.sql("select sealed_client_secret from identity_provider").query(String.class).single();
        String redirectUri = test(view.grid).getCellText(0, 6);
        assertThat(redirectUri).matches("http://localhost:8080/login/oauth2/code/provider-\\d+");
        assertThat(sealed).startsWith("v1:").doesNotContain(IdentityProviderServer.CLIENT_SECRET);

        test(rowButton(view, "Edit")).click();
        IdentityProviderDialog edit = $(IdentityProviderDialog.class).single();
        assertThat(edit.clientSecret.getValue()).isEmpty();
        assertThat(edit.orgAdminValues.getValue()).isEqualTo("tt-admins");
        test(edit.name).setValue("Acme login");
        test(edit.save).click();
        assertThat(jdbc.sql("select name, sealed_client_secret from identity_provider").query().singleRow())
                .containsEntry("name", "Acme login").containsEntry("sealed_client_secret", sealed);
        assertThat(test(view.grid).getCellText(0, 6)).as("registered at the provider: stays").isEqualTo(redirectUri);
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_issuer_without_discovery_or_a_bad_domain_is_marked_and_nothing_is_saved() {
        IdentityProvidersView view = navigate(IdentityProvidersView.class);
        IdentityProviderDialog dialog = openNew(view);
        fill(dialog, "http://localhost:1/realms/nowhere");
        test(dialog.save).click();
        assertThat(dialog.issuerUri.isInvalid()).isTrue();
        assertThat(dialog.issuerUri.getErrorMessage()).contains("No OpenID Connect discovery");

        test(dialog.issuerUri).setValue(idp.issuerUri());
        test(dialog.allowedDomains).setValue("acme.test, not a domain");
        test(dialog.save).click();
        assertThat(dialog.allowedDomains.isInvalid()).isTrue();

        assertThat(dialog.isOpened()).isTrue();
        assertThat(jdbc.sql("select count(*) from identity_provider").query(Long.class).single()).isZero();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void password_sign_in_goes_off_only_with_a_provider_and_deleting_asks_first() {
        IdentityProvidersView view = navigate(IdentityProvidersView.class);
        test(view.passwordSignIn).click();
        assertThat(view.passwordSignIn.getValue()).as("refused: no provider yet").isTrue();
        assertThat(notificationText()).contains("Add and enable an identity provider");

        IdentityProviderDialog dialog = openNew(view);
        fill(dialog, idp.issuerUri());
        test(dialog.save).click();
        test(view.passwordSignIn).click();
        assertThat(jdbc.sql("select password_sign_in from organization where slug = 'acme'").query(Boolean.class).single()).isFalse();

        test(rowButton(view, "Delete")).click();
        test($(ConfirmDialog.class).last()).confirm();
        assertThat(notificationText()).contains("turn its password sign-in on first");
        assertThat(test(view.grid).size()).isOne();

        test(view.passwordSignIn).click();
        test(rowButton(view, "Delete")).click();
        test($(ConfirmDialog.class).last()).confirm();
        assertThat(test(view.grid).size()).isZero();
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void a_platform_admin_chooses_the_organization_new_users_join() {
        IdentityProvidersView view = navigate(IdentityProvidersView.class);
        assertThat(view.passwordSignIn.getParent()).as("password sign-in is the organization's choice").isEmpty();
        IdentityProviderDialog dialog = openNew(view);
        fill(dialog, idp.issuerUri());
        test(dialog.save).click();
        assertThat(dialog.organization.isInvalid()).isTrue();

        test(dialog.organization).selectItem("Globex");
        test(dialog.save).click();

        assertThat(dialog.isOpened()).isFalse();
        assertThat(test(view.grid).getCellText(0, 2)).isEqualTo("Globex");
        assertThat(view.create.isVisible()).as("platform admins add as many as they need").isTrue();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_issuer_on_an_internal_address_is_refused_with_a_field_message_and_nothing_is_saved() {
        IdentityProvidersView view = navigate(IdentityProvidersView.class);
        IdentityProviderDialog dialog = openNew(view);
        addresses.allowPrivateAddresses(false);
        try {
            for (String issuer : new String[] {idp.issuerUri(), idp.issuerUri().replace("localhost", "127.0.0.1"),
                    "http://169.254.169.254/latest", "http://[::1]:8080/realms/acme"}) {
                fill(dialog, issuer);
                test(dialog.save).click();
                assertThat(dialog.issuerUri.isInvalid()).as(issuer).isTrue();
                assertThat(dialog.issuerUri.getErrorMessage()).as(issuer).contains("private, link-local or loopback")
                        .contains("the platform admin has not allowed those");
            }
        } finally {
            addresses.allowPrivateAddresses(true);
        }
        assertThat(dialog.isOpened()).isTrue();
        assertThat(jdbc.sql("select count(*) from identity_provider").query(Long.class).single()).isZero();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_cannot_make_a_provider_platform_wide_or_leave_out_its_domains() {
        IdentityProvidersView view = navigate(IdentityProvidersView.class);
        IdentityProviderDialog dialog = openNew(view);
        assertThat(dialog.platformWide.getParent()).as("the platform's choice").isEmpty();
        assertThat(dialog.requireVerifiedEmail.getValue()).as("the platform's default").isTrue();
        fill(dialog, idp.issuerUri());
        test(dialog.allowedDomains).setValue("");
        test(dialog.save).click();

        assertThat(dialog.allowedDomains.isInvalid()).isTrue();
        assertThat(jdbc.sql("select count(*) from identity_provider").query(Long.class).single()).isZero();
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void a_platform_admin_makes_a_platform_wide_provider_for_the_platforms_domain() {
        IdentityProvidersView view = navigate(IdentityProvidersView.class);
        IdentityProviderDialog dialog = openNew(view);
        fill(dialog, idp.issuerUri());
        test(dialog.allowedDomains).setValue("tokentally.test");
        test(dialog.platformWide).click();
        assertThat(dialog.organization.isVisible()).isFalse();
        test(dialog.shownOnLoginPage).click();
        test(dialog.save).click();

        assertThat(dialog.isOpened()).isFalse();
        assertThat(test(view.grid).getCellText(0, 2)).isEqualTo("Anyone at its domains (platform-wide)");
        assertThat(jdbc.sql("select platform_wide and shown_on_login_page and organization_id is null from identity_provider")
                .query(Boolean.class).single()).isTrue();

        test(rowButton(view, "Edit")).click();
        IdentityProviderDialog edit = $(IdentityProviderDialog.class).single();
        assertThat(edit.platformWide.getValue()).isTrue();
        assertThat(edit.organization.isVisible()).isFalse();
        test(edit.name).setValue("Staff SSO");
        test(edit.save).click();
        assertThat(jdbc.sql("select name, platform_wide from identity_provider").query().singleRow())
                .containsEntry("name", "Staff SSO").containsEntry("platform_wide", true);
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void members_cannot_open_it() {
        assertDenied(IdentityProvidersView.class);
    }
}
