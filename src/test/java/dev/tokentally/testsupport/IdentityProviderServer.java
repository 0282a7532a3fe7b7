package dev.tokentally.testsupport;

import java.util.List;
import java.util.Map;

import dev.tokentally.accounts.IdentityProvider;
import dev.tokentally.accounts.IdentityProviderSettings;
import dev.tokentally.accounts.IdentityProviders;
import dev.tokentally.accounts.Role;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * A real OpenID Connect server for sign-in tests (NAV's mock-oauth2-server on a free port): discovery, keys,
 * authorization code and tokens as a provider serves them. Each sign-in gets the claims given to
 * {@link #nextSignIn}; providers point at it as database rows, so no test needs a Spring context of its own.
 */
public final class IdentityProviderServer implements AutoCloseable {

    public static final String ISSUER = "acme-sso";
    public static final String CLIENT_ID = "tokentally";
    public static final String CLIENT_SECRET = "client-secret-of-the-test";

    private final MockOAuth2Server server = new MockOAuth2Server();

    public IdentityProviderServer() {
        server.start();
    }

    public String issuerUri() {
        return server.issuerUrl(ISSUER).toString().replaceAll("/$", "");
    }

    /** The claims of the next sign-in's tokens (besides iss, aud, sub, nonce and times). */
    public void nextSignIn(String subject, Map<String, Object> claims) {
        server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER, subject, "JWT", List.of(CLIENT_ID), claims, 3600));
    }

    /** As the platform admin: a provider "Acme SSO" that joins new users to the organization, with the given settings. */
    public IdentityProvider register(IdentityProviders providers, UserDetailsService users, Fixtures fixtures, String organizationSlug,
                                     String allowedDomains, String roleClaim, String orgAdminValues) {
        IdentityProviderSettings settings = new IdentityProviderSettings();
        settings.setName("Acme SSO");
        settings.setIssuerUri(issuerUri());
        settings.setClientId(CLIENT_ID);
        settings.setClientSecret(CLIENT_SECRET);
        settings.setAllowedDomains(allowedDomains);
        settings.setOrganizationId(fixtures.organization(organizationSlug));
        settings.setDefaultRole(Role.MEMBER);
        settings.setRoleClaim(roleClaim);
        settings.setOrgAdminValues(orgAdminValues);
        return RunAs.user(users, "root@tokentally.test", () -> providers.create(settings));
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
