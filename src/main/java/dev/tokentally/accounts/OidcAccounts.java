package dev.tokentally.accounts;

import java.time.Clock;
import java.util.Optional;

import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.organizations.Organization;
import dev.tokentally.organizations.OrganizationRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.StringUtils;

/**
 * The account behind a sign-in through an identity provider. Who it may be:
 * <ul>
 * <li>A provider bound to an organization signs in that organization's users only: never a platform admin, never
 * an account of another organization. Its first sign-in of an address creates the account there (just in time),
 * with the role its claims give; later ones update name and role from the claims.</li>
 * <li>A platform-wide provider signs in existing accounts, platform admins included, as they are; it adds no one.</li>
 * <li>Only addresses at the provider's domains. An existing account (a password user, an org admin) is signed in
 * only when the ID token says {@code email_verified: true}; a new one needs it when the provider requires it.</li>
 * </ul>
 * Refusals carry a reason the login page shows.
 */
@Service
class OidcAccounts {

    /** The error code of the refusals below; the login page shows their description. */
    static final String REFUSED = "sign_in_refused";

    private static final Logger log = LoggerFactory.getLogger(OidcAccounts.class);

    private final UserAccountRepository users;
    private final OrganizationRepository organizations;
    private final ReferenceChanges references;
    private final Clock clock;

    OidcAccounts(UserAccountRepository users, OrganizationRepository organizations, ReferenceChanges references, Clock clock) {
        this.users = users;
        this.organizations = organizations;
        this.references = references;
        this.clock = clock;
    }

    @Transactional
    SignedInOidcUser signIn(SignInProvider provider, OidcUser claims) {
        if (!StringUtils.hasText(claims.getEmail())) {
            throw refused(provider.name() + " did not tell your email address. Ask your administrator to release the email claim.");
        }
        String email = SignInName.normalize(claims.getEmail());
        if (!provider.allows(email)) {
            throw refused(email + " may not sign in with " + provider.name() + (provider.allowedDomains().isEmpty() ? "."
                    : ": only addresses at " + String.join(", ", provider.allowedDomains()) + " may."));
        }
        boolean verified = Boolean.TRUE.equals(claims.getEmailVerified());
        if (Boolean.FALSE.equals(claims.getEmailVerified())) {
            throw refused(provider.name() + " has not verified your email address " + email + ".");
        }
        Optional<UserAccount> existing = users.findByEmail(email);
        UserAccount account = existing.isPresent() ? linked(existing.get(), provider, claims, verified)
                : created(email, provider, claims, verified);
        return new SignedInOidcUser(account, clock.instant(), claims.getIdToken(), claims.getUserInfo());
    }

    private UserAccount linked(UserAccount account, SignInProvider provider, OidcUser claims, boolean verified) {
        if (!verified) {
            // Without it anyone who can make the provider say an address (a self-service sign-up) would take the account over.
            throw refused(provider.name() + " has not confirmed that " + account.getEmail() + " is verified (email_verified), "
                    + "which signing in to an existing account needs. Sign in with your password, or ask your administrator.");
        }
        if (!account.isActive()) {
            throw refused("Your account is deactivated. Ask an administrator of your organization.");
        }
        if (provider.platformWide()) {
            // Signs in as they are: the provider's claims give no role.
            account.setDisplayName(displayName(claims, account.getEmail()));
            return account;
        }
        if (account.getRole() == Role.PLATFORM_ADMIN) {
            throw refused("Platform admins cannot sign in with " + provider.name()
                    + ": it signs in the users of one organization. Use your password.");
        }
        if (!account.getOrganization().getId().equals(provider.organizationId())) {
            throw refused("Your account belongs to another organization than the one " + provider.name() + " signs in to.");
        }
        Role role = provider.roles().roleFor(claimOf(provider, claims));
        if (role != account.getRole()) {
            // The user's other sessions end, as when an admin changes the role; this one starts with the new one.
            account.setRole(role);
            account.endSessions();
        }
        account.setDisplayName(displayName(claims, account.getEmail()));
        return account;
    }

    private UserAccount created(String email, SignInProvider provider, OidcUser claims, boolean verified) {
        if (provider.platformWide()) {
            throw refused(provider.name() + " signs in existing accounts only. Ask an administrator to add " + email + ".");
        }
        Organization organization = Optional.ofNullable(provider.organizationId()).flatMap(organizations::findById)
                .orElseThrow(() -> refused(provider.name() + " is not set up to sign anyone in: its organization does not exist."));
        if (provider.requireVerifiedEmail() && !verified) {
            throw refused(provider.name() + " has not confirmed that " + email + " is verified (email_verified), "
                    + "which a new account needs. Ask your administrator.");
        }
        UserAccount account = new UserAccount();
        account.setEmail(email);
        account.setDisplayName(displayName(claims, email));
        account.setRole(provider.roles().roleFor(claimOf(provider, claims)));
        account.setOrganization(organization);
        references.changed("app_user");
        try {
            account = users.saveAndFlush(account);
        } catch (DataIntegrityViolationException raced) {
            throw refused("Your account was being created by another sign-in at the same moment. Sign in again.");
        }
        log.info("Created {} as {} of organization {} at their first sign-in with {}", email, account.getRole(),
                organization.getSlug(), provider.name());
        return account;
    }

    private static Object claimOf(SignInProvider provider, OidcUser claims) {
        String claim = provider.roles().claim();
        return claim == null ? null : claims.getClaims().get(claim);
    }

    /** The name claim, else given and family name, else the preferred user name, else the email's local part. */
    private static String displayName(OidcUser claims, String email) {
        String name = claims.getFullName();
        if (!StringUtils.hasText(name)) {
            name = String.join(" ", Optional.ofNullable(claims.getGivenName()).orElse(""),
                    Optional.ofNullable(claims.getFamilyName()).orElse(""));
        }
        if (!StringUtils.hasText(name)) {
            name = claims.getPreferredUsername();
        }
        if (!StringUtils.hasText(name)) {
            name = email.substring(0, email.indexOf('@'));
        }
        String trimmed = name.strip().replaceAll("\\p{Cntrl}", "");
        return trimmed.length() > 100 ? trimmed.substring(0, 100) : trimmed;
    }

    private static OAuth2AuthenticationException refused(String reason) {
        return new OAuth2AuthenticationException(new OAuth2Error(REFUSED, reason, null), reason);
    }
}
