package dev.tokentally.accounts;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What an admin edits of an identity provider. The client secret is write-only: empty on an edit keeps the
 * stored one. Lists (domains, claim values) are comma-separated.
 */
public class IdentityProviderSettings {

    @NotBlank(message = "Name is required")
    @Size(max = 60, message = "Name is at most 60 characters")
    private String name = "";

    @NotBlank(message = "Issuer URL is required")
    @Pattern(regexp = "https?://[^\\s]+", message = "An http or https URL, such as https://login.example.com/realms/acme")
    @Size(max = 500, message = "Issuer URL is at most 500 characters")
    private String issuerUri = "";

    @NotBlank(message = "Client ID is required")
    @Size(max = 200, message = "Client ID is at most 200 characters")
    private String clientId = "";

    @Size(max = 500, message = "Client secret is at most 500 characters")
    private String clientSecret = "";

    @NotBlank(message = "Name the email domains it signs in, such as example.com: the sign-in page offers it to those addresses")
    @Size(max = 1000, message = "At most 1000 characters")
    private String allowedDomains = "";

    /** Chosen by platform admins; an organization's own provider always signs in that organization's users. */
    private Long organizationId;

    /** Platform admins only: signs in existing accounts at its domains, platform admins included, and no organization. */
    private boolean platformWide;

    /** Platform-wide only: a "Sign in with …" button for everyone on the sign-in page. */
    private boolean shownOnLoginPage;

    /** New accounts need email_verified: true in the ID token (linking an existing one always does). */
    private boolean requireVerifiedEmail = true;

    @NotNull(message = "Default role is required")
    private Role defaultRole = Role.MEMBER;

    @Size(max = 100, message = "Claim is at most 100 characters")
    @Pattern(regexp = "[A-Za-z0-9_.:/-]*", message = "A claim name such as groups or roles")
    private String roleClaim = "";

    @Size(max = 1000, message = "At most 1000 characters")
    private String orgAdminValues = "";

    @Size(max = 1000, message = "At most 1000 characters")
    private String memberValues = "";

    private boolean enabled = true;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getIssuerUri() {
        return issuerUri;
    }

    public void setIssuerUri(String issuerUri) {
        this.issuerUri = issuerUri;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getClientSecret() {
        return clientSecret;
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    public String getAllowedDomains() {
        return allowedDomains;
    }

    public void setAllowedDomains(String allowedDomains) {
        this.allowedDomains = allowedDomains;
    }

    public Long getOrganizationId() {
        return organizationId;
    }

    public void setOrganizationId(Long organizationId) {
        this.organizationId = organizationId;
    }

    public Role getDefaultRole() {
        return defaultRole;
    }

    public void setDefaultRole(Role defaultRole) {
        this.defaultRole = defaultRole;
    }

    public String getRoleClaim() {
        return roleClaim;
    }

    public void setRoleClaim(String roleClaim) {
        this.roleClaim = roleClaim;
    }

    public String getOrgAdminValues() {
        return orgAdminValues;
    }

    public void setOrgAdminValues(String orgAdminValues) {
        this.orgAdminValues = orgAdminValues;
    }

    public String getMemberValues() {
        return memberValues;
    }

    public void setMemberValues(String memberValues) {
        this.memberValues = memberValues;
    }

    public boolean isPlatformWide() {
        return platformWide;
    }

    public void setPlatformWide(boolean platformWide) {
        this.platformWide = platformWide;
    }

    public boolean isShownOnLoginPage() {
        return shownOnLoginPage;
    }

    public void setShownOnLoginPage(boolean shownOnLoginPage) {
        this.shownOnLoginPage = shownOnLoginPage;
    }

    public boolean isRequireVerifiedEmail() {
        return requireVerifiedEmail;
    }

    public void setRequireVerifiedEmail(boolean requireVerifiedEmail) {
        this.requireVerifiedEmail = requireVerifiedEmail;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Never the secret: settings may end up in a log line or an exception message. */
    @Override
    public String toString() {
        return "IdentityProviderSettings[" + name + ", " + issuerUri + ", " + clientId + "]";
    }
}
