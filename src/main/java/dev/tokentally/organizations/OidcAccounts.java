package dev.tokentally.organizations;

import java.time.Clock;
import java.util.Optional;

import dev.tokentally.base.db.ReferenceChanges;
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
 * The account behind a sign-in through an identity provider. The first sign-in creates it in the provider's
 * organization (just in time); later ones update name and role from the claims. Refused, with a reason the
 * login page shows: an email outside the allowed domains or not verified, a deactivated account, an account
 * of another organization, a platform admin through an organization's provider.
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
        if (Boolean.FALSE.equals(claims.getEmailVerified())) {
            throw refused(provider.name() + " has not verified your email address " + claims.getEmail() + ".");
        }
        String email = SignInName.normalize(claims.getEmail());
        if (!provider.allows(email)) {
            throw refused(email + " may not sign in with " + provider.name() + ": only addresses at "
                    + String.join(", ", provider.allowedDomains()) + " may.");
        }
        Optional<UserAccount> existing = users.findByEmail(email);
        UserAccount account = existing.isPresent() ? updated(existing.get(), provider, claims) : created(email, provider, claims);
        return new SignedInOidcUser(account, clock.instant(), claims.getIdToken(), claims.getUserInfo());
    }

    private UserAccount updated(UserAccount account, SignInProvider provider, OidcUser claims) {
        if (!account.isActive()) {
            throw refused("Your account is deactivated. Ask an administrator of your organization.");
        }
        if (account.getRole() == Role.PLATFORM_ADMIN) {
            // An organization's admin configures their provider: it must not be able to sign in as a platform admin.
            if (!provider.platformWide()) {
                throw refused("Platform admins cannot sign in with " + provider.name() + ". Use your password.");
            }
        } else if (!account.getOrganization().getId().equals(provider.organizationId())) {
            throw refused("Your account belongs to another organization than the one " + provider.name() + " signs in to.");
        } else {
            Role role = provider.roles().roleFor(claimOf(provider, claims));
            if (role != account.getRole()) {
                // The user's other sessions end, as when an admin changes the role; this one starts with the new one.
                account.setRole(role);
                account.endSessions();
            }
        }
        account.setDisplayName(displayName(claims, account.getEmail()));
        return account;
    }

    private UserAccount created(String email, SignInProvider provider, OidcUser claims) {
        Organization organization = Optional.ofNullable(provider.organizationId()).flatMap(organizations::findById)
                .orElseThrow(() -> refused(provider.name() + " is not set up to add new users: its organization does not exist."));
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
