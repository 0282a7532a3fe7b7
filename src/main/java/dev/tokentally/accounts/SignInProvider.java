package dev.tokentally.accounts;

import java.util.Locale;
import java.util.Set;

/**
 * Everything sign-in needs to know about one identity provider, from the database or the environment;
 * the client secret is opened only to build the client registration.
 *
 * @param callbackName         the last part of the redirect URI registered at the provider; unlike the registration id it
 *                             stays the same when the settings change
 * @param allowedDomains       the email domains it signs in; none: any (organization providers of before this rule only)
 * @param organizationId       the organization whose users it signs in and new users join; null for a platform-wide one,
 *                             and for the environment's when it names an organization that does not exist
 * @param platformWide         signs in existing accounts of any organization and platform admins, at its domains only;
 *                             adds no one
 * @param requireVerifiedEmail new accounts need {@code email_verified: true} too (linking an existing one always does)
 */
record SignInProvider(String registrationId, String callbackName, String name, String issuerUri, String clientId, String clientSecret,
                      Set<String> allowedDomains, Long organizationId, RoleMapping roles, boolean platformWide,
                      boolean requireVerifiedEmail) {

    /**
     * The email's domain exactly (a subdomain is another domain). No domains: any, for an organization's provider;
     * none, for a platform-wide one.
     */
    boolean allows(String email) {
        String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return allowedDomains.isEmpty() ? !platformWide : allowedDomains.contains(domain);
    }

    @Override
    public String toString() {
        return "SignInProvider[" + registrationId + ", " + name + ", " + issuerUri + "]";
    }
}
