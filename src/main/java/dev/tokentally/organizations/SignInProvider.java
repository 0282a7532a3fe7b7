package dev.tokentally.organizations;

import java.util.Locale;
import java.util.Set;

/**
 * Everything sign-in needs to know about one identity provider, from the database or the environment;
 * the client secret is opened only to build the client registration.
 *
 * @param callbackName   the last part of the redirect URI registered at the provider; unlike the registration id it
 *                       stays the same when the settings change
 * @param organizationId the organization new users join; null when the environment names one that does not exist
 * @param platformWide   configured by a platform admin (or the environment): may sign platform admins in
 */
record SignInProvider(String registrationId, String callbackName, String name, String issuerUri, String clientId, String clientSecret,
                      Set<String> allowedDomains, Long organizationId, RoleMapping roles, boolean platformWide) {

    /** No domains configured: any. Otherwise the email's domain exactly (a subdomain is another domain). */
    boolean allows(String email) {
        String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return allowedDomains.isEmpty() || allowedDomains.contains(domain);
    }

    @Override
    public String toString() {
        return "SignInProvider[" + registrationId + ", " + name + ", " + issuerUri + "]";
    }
}
