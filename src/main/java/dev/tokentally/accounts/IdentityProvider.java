package dev.tokentally.accounts;

import java.time.Instant;

/**
 * An identity provider as admins see it, without its client secret.
 *
 * @param ownerOrganizationId null when a platform admin configured it
 * @param organizationId      the organization whose users it signs in; null for a platform-wide one
 * @param organizationName    its name; null for a platform-wide one
 */
public record IdentityProvider(long id, Long ownerOrganizationId, String name, String issuerUri, String clientId,
                               String allowedDomains, Long organizationId, String organizationName, Role defaultRole,
                               String roleClaim, String orgAdminValues, String memberValues, boolean enabled,
                               boolean platformWide, boolean shownOnLoginPage, boolean requireVerifiedEmail,
                               Instant createdAt) {

    static final String CALLBACK_PREFIX = "provider-";

    /** Where the provider sends users back, to register at the provider; it stays the same across edits. */
    public String redirectPath() {
        return "/login/oauth2/code/" + CALLBACK_PREFIX + id;
    }

    /** Whom it signs in, for a list: its organization's users, or existing accounts across the platform. */
    public String signsIn() {
        return platformWide ? "Anyone at its domains (platform-wide)" : organizationName;
    }

    /** The settings to edit it with; the secret stays empty (empty keeps the stored one). */
    public IdentityProviderSettings settings() {
        IdentityProviderSettings settings = new IdentityProviderSettings();
        settings.setName(name);
        settings.setIssuerUri(issuerUri);
        settings.setClientId(clientId);
        settings.setAllowedDomains(allowedDomains);
        settings.setOrganizationId(organizationId);
        settings.setDefaultRole(defaultRole);
        settings.setRoleClaim(roleClaim == null ? "" : roleClaim);
        settings.setOrgAdminValues(orgAdminValues);
        settings.setMemberValues(memberValues);
        settings.setEnabled(enabled);
        settings.setPlatformWide(platformWide);
        settings.setShownOnLoginPage(shownOnLoginPage);
        settings.setRequireVerifiedEmail(requireVerifiedEmail);
        return settings;
    }
}
