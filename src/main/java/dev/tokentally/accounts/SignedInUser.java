package dev.tokentally.accounts;

import java.io.Serial;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The principal of a signed-in user: who they are, their organization and role. Signed in through an
 * identity provider, it is a {@link SignedInOidcUser}, so everything that asks for a SignedInUser (the
 * current user, the end of sessions whose access changed) treats both sign-ins alike.
 */
public sealed class SignedInUser implements UserDetails, CredentialsContainer permits SignedInOidcUser {

    @Serial
    private static final long serialVersionUID = 1L;

    private final long id;
    private final Long organizationId;
    private final String email;
    private final String displayName;
    private final Role role;
    private final boolean active;
    private final boolean locked;
    private final int sessionVersion;
    private final boolean passwordSignIn;
    private String passwordHash;

    SignedInUser(UserAccount account, Instant now) {
        this.id = account.getId();
        this.organizationId = account.getOrganization() == null ? null : account.getOrganization().getId();
        this.email = account.getEmail();
        this.displayName = account.getDisplayName();
        this.role = account.getRole();
        this.active = account.isActive();
        this.locked = account.getLockedUntil() != null && account.getLockedUntil().isAfter(now);
        this.passwordHash = account.getPasswordHash();
        this.sessionVersion = account.getSessionVersion();
        this.passwordSignIn = account.getOrganization() == null || account.getOrganization().isPasswordSignIn();
    }

    public long id() {
        return id;
    }

    /** Empty only for platform admins, who belong to no organization. */
    public Long organizationId() {
        return organizationId;
    }

    public String email() {
        return email;
    }

    public String displayName() {
        return displayName;
    }

    public Role role() {
        return role;
    }

    /** The account's session version when this user signed in; see {@link SignedInSessions}. */
    int sessionVersion() {
        return sessionVersion;
    }

    public boolean isPlatformAdmin() {
        return role == Role.PLATFORM_ADMIN;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return email;
    }

    @Override
    public boolean isAccountNonLocked() {
        return !locked;
    }

    /**
     * False when the user's organization turned password sign-in off: Spring Security checks this only once
     * the password was right, and refuses the sign-in (a {@code CredentialsExpiredException}) without telling
     * anyone who does not know the password how the organization signs in.
     */
    @Override
    public boolean isCredentialsNonExpired() {
        return passwordSignIn;
    }

    @Override
    public boolean isEnabled() {
        return active;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedInUser that && that.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "SignedInUser[" + email + ", " + role + "]";
    }
}
