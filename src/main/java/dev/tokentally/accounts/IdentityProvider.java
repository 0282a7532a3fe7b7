package dev.tokentally.accounts;

import java.time.Instant;

/**
 * An identity provider as admins see it, without its client secret.
 *
 * @param ownerOrganizationId null when a platform admin configured it
 */
public record IdentityProvider(long id, Long ownerOrganizationId, String name, String issuerUri, String clientId,
                               Audience audience, RoleMapping roles, boolean enabled, boolean shownOnLoginPage,
                               Instant createdAt) {

    static final String CALLBACK_PREFIX = "provider-";

    /**
     * Whom it signs in.
     *
     * @param allowedDomains   the email domains, comma-separated; empty for any
     * @param organizationId   the organization whose users it signs in; null for a platform-wide one
     * @param organizationName its name; null for a platform-wide one
     */
    public record Audience(String allowedDomains, Long organizationId, String organizationName, boolean platformWide,
                           boolean requireVerifiedEmail) {
    }

    /** Which role a signed-in user gets: from the claim's values, else the default. */
    public record RoleMapping(Role defaultRole, String roleClaim, String orgAdminValues, String memberValues) {
    }

    /** The same provider, its audience naming its organization (a name the organizations module holds). */
    IdentityProvider withOrganizationName(String organizationName) {
        return new IdentityProvider(id, ownerOrganizationId, name, issuerUri, clientId,
                new Audience(audience.allowedDomains(), audience.organizationId(), organizationName, audience.platformWide(),
                        audience.requireVerifiedEmail()),
                roles, enabled, shownOnLoginPage, createdAt);
    }

    /** Where the provider sends users back, to register at the provider; it stays the same across edits. */
    public String redirectPath() {
        return "/login/oauth2/code/" + CALLBACK_PREFIX + id;
    }

    /** Whom it signs in, for a list: its organization's users, or existing accounts across the platform. */
    public String signsIn() {
        return audience.platformWide() ? "Anyone at its domains (platform-wide)" : audience.organizationName();
    }

    /** The settings to edit it with; the secret stays empty (empty keeps the stored one). */
    public IdentityProviderSettings settings() {
        IdentityProviderSettings settings = new IdentityProviderSettings();
        settings.setName(name);
        settings.setIssuerUri(issuerUri);
        settings.setClientId(clientId);
        settings.setAllowedDomains(audience.allowedDomains());
        settings.setOrganizationId(audience.organizationId());
        settings.setDefaultRole(roles.defaultRole());
        settings.setRoleClaim(roles.roleClaim() == null ? "" : roles.roleClaim());
        settings.setOrgAdminValues(roles.orgAdminValues());
        settings.setMemberValues(roles.memberValues());
        settings.setEnabled(enabled);
        settings.setPlatformWide(audience.platformWide());
        settings.setShownOnLoginPage(shownOnLoginPage);
        settings.setRequireVerifiedEmail(audience.requireVerifiedEmail());
        return settings;
    }
}
