package dev.tokentally.accounts;

import java.time.Instant;

import dev.tokentally.organizations.Organization;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Someone who signs in. Email is unique regardless of case; the password is stored only as a hash. */
@Entity
@Table(name = "app_user")
public class UserAccount {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "organization_id")
    private Organization organization;

    @NotBlank(message = "Email is required")
    @Email(message = "Not an email address")
    @Size(max = 254, message = "Email is at most 254 characters")
    private String email;

    @NotBlank(message = "Name is required")
    @Size(max = 100, message = "Name is at most 100 characters")
    @Column(name = "display_name")
    private String displayName;

    @NotNull(message = "Role is required")
    @Enumerated(EnumType.STRING)
    private Role role = Role.MEMBER;

    private boolean active = true;

    @Column(name = "password_hash")
    private String passwordHash;

    @Column(name = "failed_sign_ins")
    private int failedSignIns;

    @Column(name = "locked_until")
    private Instant lockedUntil;

    @Column(name = "created_at", insertable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "last_sign_in_at")
    private Instant lastSignInAt;

    @Column(name = "session_version")
    private int sessionVersion;

    public Long getId() {
        return id;
    }

    public Organization getOrganization() {
        return organization;
    }

    void setOrganization(Organization organization) {
        this.organization = organization;
    }

    public String getOrganizationName() {
        return organization == null ? "" : organization.getName();
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email == null ? null : email.trim();
    }

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    public Role getRole() {
        return role;
    }

    public void setRole(Role role) {
        this.role = role;
    }

    public boolean isActive() {
        return active;
    }

    void setActive(boolean active) {
        this.active = active;
    }

    String getPasswordHash() {
        return passwordHash;
    }

    void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    Instant getLockedUntil() {
        return lockedUntil;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getLastSignInAt() {
        return lastSignInAt;
    }

    int getSessionVersion() {
        return sessionVersion;
    }

    /** Ends every session signed in before now: they no longer match on their next request. */
    void endSessions() {
        sessionVersion++;
    }
}
