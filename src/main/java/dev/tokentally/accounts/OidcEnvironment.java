package dev.tokentally.accounts;

import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * The identity provider configured as code ({@code TOKENTALLY_OIDC_*}), and the platform's default for new ones.
 *
 * @param organization         the slug of the organization it signs in (its users only, never a platform admin)
 * @param domains              comma-separated email domains it signs in; the login page offers it to those addresses
 * @param platformWide         without an organization: signs in existing accounts at {@code domains} (platform admins
 *                             included) and adds no one; needs domains
 * @param showOnLoginPage      platform-wide only: a button for everyone on the login page
 * @param requireVerifiedEmail new accounts need {@code email_verified: true} in the ID token; the environment's provider
 *                             follows it and new providers in the Sign-in view start with it
 */
@ConfigurationProperties("tokentally.oidc")
record OidcEnvironment(String issuerUri, String clientId, String clientSecret, String name, String organization,
                       String domains, boolean platformWide, boolean showOnLoginPage,
                       @DefaultValue("true") boolean requireVerifiedEmail) {

    static final String REGISTRATION_ID = "environment";

    boolean configured() {
        return StringUtils.hasText(issuerUri) && StringUtils.hasText(clientId);
    }

    /** Bound to an organization as soon as one is named; platform-wide only when asked for and none is. */
    boolean signsInPlatformWide() {
        return platformWide && !StringUtils.hasText(organization);
    }

    Set<String> domainSet() {
        return IdentityProviderDomains.parse(domains);
    }

    String displayName() {
        return StringUtils.hasText(name) ? name.trim() : "single sign-on";
    }
}
