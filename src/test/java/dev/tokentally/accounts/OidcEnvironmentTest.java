package dev.tokentally.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.tokentally.base.AuditLog;
import dev.tokentally.base.secrets.SecretBox;
import dev.tokentally.organizations.OrganizationRepository;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.IdentityProviderServer;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The provider configured as code (TOKENTALLY_OIDC_*), against a real OpenID Connect server; built by hand
 * from the application's beans, since the shared test context runs without one.
 */
@TokentallyTest
class OidcEnvironmentTest {

    private static IdentityProviderServer idp;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    SecretBox secrets;
    @Autowired
    CurrentUser currentUser;
    @Autowired
    OrganizationRepository organizations;
    @Autowired
    OrganizationService organizationService;
    @Autowired
    OidcDiscovery discovery;
    @Autowired
    AuditLog audit;
    @Autowired
    Clock clock;
    @Autowired
    OidcAccounts accounts;

    @BeforeAll
    static void startProvider() {
        idp = new IdentityProviderServer();
    }

    @AfterAll
    static void stopProvider() {
        idp.close();
    }

    private IdentityProviders with(OidcEnvironment environment) {
        return new IdentityProviders(jdbc, secrets, currentUser, organizations, organizationService, discovery, environment, audit, clock);
    }

    @Test
    void the_environments_provider_is_offered_to_its_domains_and_registered_from_the_issuers_discovery() {
        IdentityProviders providers = with(new OidcEnvironment(idp.issuerUri(), "tokentally", "env-secret", "Corporate SSO", "globex",
                "globex.test", false, false, true));

        assertThat(providers.signInChoicesFor("someone@globex.test"))
                .containsExactly(new SignInChoice("Corporate SSO", "oauth2/authorization/environment"));
        assertThat(providers.signInChoicesFor("someone@acme.test")).isEmpty();
        assertThat(providers.publicSignInChoices()).as("an organization's provider is not shown to everyone").isEmpty();
        SignInProvider provider = providers.forRegistration("environment").orElseThrow();
        assertThat(provider.organizationId())
                .isEqualTo(fixtures.organization("globex"));
        assertThat(provider.platformWide()).isFalse();

        ClientRegistration registration = new IdentityProviderRegistrations(providers, discovery).findByRegistrationId("environment");
        assertThat(registration.getProviderDetails().getIssuerUri()).isEqualTo(idp.issuerUri());
        assertThat(registration.getProviderDetails().getAuthorizationUri()).startsWith(idp.issuerUri());
        assertThat(registration.getClientSecret()).isEqualTo("env-secret");
        assertThat(registration.getRedirectUri()).endsWith("/login/oauth2/code/environment");
    }

    @Test
    void without_an_issuer_nothing_is_offered() {
        IdentityProviders providers = with(new OidcEnvironment("", "", "", "", "", "", false, false, true));

        assertThat(providers.signInChoicesFor("someone@acme.test")).isEmpty();
        assertThat(providers.publicSignInChoices()).isEmpty();
        assertThat(providers.forRegistration("environment")).isEmpty();
    }

    /** TOKENTALLY_OIDC_ORGANIZATION=acme: whoever runs that provider must not own the platform. */
    @Test
    void the_environments_provider_for_one_organization_never_signs_in_a_platform_admin() {
        IdentityProviders providers = with(new OidcEnvironment(idp.issuerUri(), "tokentally", "env-secret", "Acme SSO", "acme",
                "acme.test,tokentally.test,globex.test", false, false, true));
        SignInProvider provider = providers.forRegistration("environment").orElseThrow();

        assertThatThrownBy(() -> accounts.signIn(provider, claims("root@tokentally.test")))
                .isInstanceOf(OAuth2AuthenticationException.class)
                .hasMessageContaining("Platform admins cannot sign in with Acme SSO");
        assertThatThrownBy(() -> accounts.signIn(provider, claims("admin@globex.test")))
                .isInstanceOf(OAuth2AuthenticationException.class).hasMessageContaining("another organization");
        assertThat(accounts.signIn(provider, claims("alice@acme.test")).email()).isEqualTo("alice@acme.test");
        assertThat(jdbc.sql("select role from app_user where email = 'root@tokentally.test'").query(String.class).single())
                .isEqualTo("PLATFORM_ADMIN");
    }

    @Test
    void the_environments_provider_is_platform_wide_only_when_asked_without_an_organization_and_needs_domains() {
        SignInProvider named = with(new OidcEnvironment(idp.issuerUri(), "tokentally", "s", "SSO", "acme", "acme.test", true, true,
                true)).forRegistration("environment").orElseThrow();
        assertThat(named.platformWide()).as("an organization named: bound to it").isFalse();

        SignInProvider nobody = with(new OidcEnvironment(idp.issuerUri(), "tokentally", "s", "SSO", "", "", false, false, true))
                .forRegistration("environment").orElseThrow();
        assertThatThrownBy(() -> accounts.signIn(nobody, claims("root@tokentally.test"))).isInstanceOf(OAuth2AuthenticationException.class);
        assertThatThrownBy(() -> accounts.signIn(nobody, claims("alice@acme.test"))).isInstanceOf(OAuth2AuthenticationException.class);

        IdentityProviders wide = with(new OidcEnvironment(idp.issuerUri(), "tokentally", "s", "Staff SSO", "", "tokentally.test", true,
                true, true));
        SignInProvider staff = wide.forRegistration("environment").orElseThrow();
        assertThat(wide.publicSignInChoices()).extracting(SignInChoice::name).containsExactly("Staff SSO");
        assertThat(accounts.signIn(staff, claims("root@tokentally.test")).isPlatformAdmin()).isTrue();
        assertThatThrownBy(() -> accounts.signIn(staff, claims("alice@acme.test"))).isInstanceOf(OAuth2AuthenticationException.class)
                .hasMessageContaining("only addresses at tokentally.test");
    }

    /** Claims as the provider's ID token carries them, the address verified. */
    private static OidcUser claims(String email) {
        OidcIdToken token = OidcIdToken.withTokenValue("id-token").subject(email).issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60)).claim("email", email).claim("email_verified", true).build();
        return new DefaultOidcUser(List.of(), token);
    }
}
