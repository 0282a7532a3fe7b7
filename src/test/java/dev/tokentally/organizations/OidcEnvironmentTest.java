package dev.tokentally.organizations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

import dev.tokentally.base.AuditLog;
import dev.tokentally.base.secrets.SecretBox;
import dev.tokentally.testsupport.IdentityProviderServer;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;

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
    SecretBox secrets;
    @Autowired
    CurrentUser currentUser;
    @Autowired
    OrganizationRepository organizations;
    @Autowired
    OidcDiscovery discovery;
    @Autowired
    AuditLog audit;
    @Autowired
    Clock clock;

    @BeforeAll
    static void startProvider() {
        idp = new IdentityProviderServer();
    }

    @AfterAll
    static void stopProvider() {
        idp.close();
    }

    private IdentityProviders with(OidcEnvironment environment) {
        return new IdentityProviders(jdbc, secrets, currentUser, organizations, discovery, environment, audit, clock);
    }

    @Test
    void the_environments_provider_is_offered_and_registered_from_the_issuers_discovery() {
        IdentityProviders providers = with(new OidcEnvironment(idp.issuerUri(), "tokentally", "env-secret", "Corporate SSO", "globex"));

        assertThat(providers.signInChoices()).containsExactly(new SignInChoice("Corporate SSO", "oauth2/authorization/environment"));
        SignInProvider provider = providers.forRegistration("environment").orElseThrow();
        assertThat(provider.organizationId())
                .isEqualTo(jdbc.sql("select id from organization where slug = 'globex'").query(Long.class).single());
        assertThat(provider.platformWide()).isTrue();

        ClientRegistration registration = new IdentityProviderRegistrations(providers, discovery).findByRegistrationId("environment");
        assertThat(registration.getProviderDetails().getIssuerUri()).isEqualTo(idp.issuerUri());
        assertThat(registration.getProviderDetails().getAuthorizationUri()).startsWith(idp.issuerUri());
        assertThat(registration.getClientSecret()).isEqualTo("env-secret");
        assertThat(registration.getRedirectUri()).endsWith("/login/oauth2/code/environment");
    }

    @Test
    void without_an_issuer_nothing_is_offered() {
        IdentityProviders providers = with(new OidcEnvironment("", "", "", "", ""));

        assertThat(providers.signInChoices()).isEmpty();
        assertThat(providers.forRegistration("environment")).isEmpty();
    }
}
