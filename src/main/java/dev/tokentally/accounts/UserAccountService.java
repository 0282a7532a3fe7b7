package dev.tokentally.accounts;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.tokentally.base.DuplicateValueException;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.SqlPatterns;
import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.organizations.Organization;
import dev.tokentally.organizations.OrganizationRepository;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * Users. Org admins manage the users of their own organization only (anyone else's is "not found");
 * platform admins manage everyone. Everyone manages their own name and password.
 */
@Service
@Validated
@Transactional
public class UserAccountService {

    private final UserAccountRepository users;
    private final OrganizationRepository organizations;
    private final CurrentUser currentUser;
    private final PasswordEncoder passwordEncoder;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final ReferenceChanges references;
    /** Members by organization and lower-cased email; empty for an email that is no member's. */
    private final ReferenceCache<List<Object>, Optional<Long>> memberIds;

    UserAccountService(UserAccountRepository users, OrganizationRepository organizations, CurrentUser currentUser,
                       PasswordEncoder passwordEncoder, JdbcClient jdbc, Clock clock, ReferenceChanges references) {
        this.clock = clock;
        this.references = references;
        this.memberIds = references.cache(100_000, "app_user");
        this.users = users;
        this.organizations = organizations;
        this.currentUser = currentUser;
        this.passwordEncoder = passwordEncoder;
        this.jdbc = jdbc;
    }

    /**
     * One page of users matching the text (email or name). {@code organizationId} filters for platform
     * admins; org admins always see their own organization's users.
     */
    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<UserAccount> list(Long organizationId, String text, Pageable pageable) {
        SignedInUser me = currentUser.require();
        Long scope = me.isPlatformAdmin() ? organizationId : me.organizationId();
        return users.findMatching(scope, SqlPatterns.contains(text), pageable);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public UserAccount get(long id) {
        SignedInUser me = currentUser.require();
        return users.findWithOrganization(id)
                .filter(user -> me.isPlatformAdmin() || isInOrganization(user, me.organizationId()))
                .orElseThrow(() -> new NotFoundException("No such user"));
    }

    /**
     * Creates a user. Org admins create members and org admins of their own organization; platform
     * admins may create any role, and every role but platform admin needs an organization.
     */
    @PreAuthorize(Roles.IS_ADMIN)
    public UserAccount create(@Valid UserAccount draft, Long organizationId, @NewPassword String password) {
        SignedInUser me = currentUser.require();
        checkMayGrant(me, draft.getRole());
        if (users.existsByEmailIgnoreCase(draft.getEmail())) {
            throw duplicateEmail();
        }
        UserAccount user = new UserAccount();
        user.setEmail(draft.getEmail());
        user.setDisplayName(draft.getDisplayName().trim());
        user.setRole(draft.getRole());
        user.setOrganization(organizationFor(me, draft.getRole(), organizationId));
        user.setPasswordHash(passwordEncoder.encode(password));
        return saveChecked(user);
    }

    /** Changes a user's email, name and role; the organization never changes. */
    @PreAuthorize(Roles.IS_ADMIN)
    public UserAccount update(long id, @Valid UserAccount edited) {
        SignedInUser me = currentUser.require();
        UserAccount user = get(id);
        checkMayGrant(me, edited.getRole());
        if (user.getId() == me.id() && edited.getRole() != user.getRole()) {
            throw new IllegalArgumentException("You cannot change your own role");
        }
        if ((user.getRole() == Role.PLATFORM_ADMIN) != (edited.getRole() == Role.PLATFORM_ADMIN)) {
            throw new IllegalArgumentException("Platform admins belong to no organization: create a new user instead");
        }
        if (users.existsByEmailIgnoreCaseAndIdNot(edited.getEmail(), id)) {
            throw duplicateEmail();
        }
        if (edited.getRole() != user.getRole()) {
            user.endSessions();
        }
        user.setEmail(edited.getEmail());
        user.setDisplayName(edited.getDisplayName().trim());
        user.setRole(edited.getRole());
        return saveChecked(user);
    }

    /** Deactivated users cannot sign in; their history stays. Nobody deactivates themselves. */
    @PreAuthorize(Roles.IS_ADMIN)
    public UserAccount setActive(long id, boolean active) {
        UserAccount user = get(id);
        if (!active && user.getId() == currentUser.require().id()) {
            throw new IllegalArgumentException("You cannot deactivate your own account");
        }
        if (!active && user.isActive()) {
            user.endSessions();
        }
        user.setActive(active);
        return user;
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public void resetPassword(long id, @NewPassword String newPassword) {
        UserAccount user = get(id);
        user.setPasswordHash(passwordEncoder.encode(newPassword));
        user.endSessions();
    }

    /**
     * The members of an organization among these emails (keys lower-cased), for attributing reported
     * usage. Asks for no signed-in user: the usage API calls it on behalf of an organization's API key.
     */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Map<String, Long> memberIds(long organizationId, Collection<String> emails) {
        Map<String, Long> ids = new HashMap<>();
        for (String email : emails) {
            String lower = email.toLowerCase(Locale.ROOT);
            memberIds.get(List.of(organizationId, lower), key -> jdbc.sql(
                            "select id from app_user where organization_id = ? and lower(email) = ?")
                    .params(organizationId, lower).query(Long.class).optional())
                    .ifPresent(id -> ids.put(lower, id));
        }
        return ids;
    }

    /** Emails of the organization's active admins, for alerts; asks for no signed-in user. */
    @Transactional(readOnly = true)
    public List<String> adminEmails(long organizationId) {
        return jdbc.sql("select email from app_user where organization_id = ? and role = 'ORG_ADMIN' and active order by email")
                .param(organizationId).query(String.class).list();
    }

    /** Whether the user belongs to the organization; asks for no signed-in user. */
    @Transactional(readOnly = true)
    public boolean memberOf(long organizationId, long userId) {
        return emailOf(organizationId, userId).isPresent();
    }

    /** A member's email, for mail to them; asks for no signed-in user. */
    @Transactional(readOnly = true)
    public Optional<String> emailOf(long organizationId, long userId) {
        return jdbc.sql("select email from app_user where organization_id = ? and id = ?").params(organizationId, userId)
                .query(String.class).optional();
    }

    @PreAuthorize(Roles.IS_SIGNED_IN)
    @Transactional(readOnly = true)
    public UserAccount me() {
        return users.findWithOrganization(currentUser.require().id())
                .orElseThrow(() -> new NotFoundException("No such user"));
    }

    @PreAuthorize(Roles.IS_SIGNED_IN)
    public UserAccount changeOwnName(@NotBlank(message = "Name is required")
                                     @Size(max = 100, message = "Name is at most 100 characters") String displayName) {
        UserAccount me = me();
        me.setDisplayName(displayName.trim());
        return me;
    }

    /** Needs the current password, so a walked-away-from session cannot take the account over. */
    @PreAuthorize(Roles.IS_SIGNED_IN)
    public void changeOwnPassword(String currentPassword, @NewPassword String newPassword) {
        UserAccount me = me();
        if (currentPassword == null || me.getPasswordHash() == null || !passwordEncoder.matches(currentPassword, me.getPasswordHash())) {
            throw new WrongPasswordException();
        }
        me.setPasswordHash(passwordEncoder.encode(newPassword));
        // The user's other sessions end; this one carries on under the new version.
        me.endSessions();
        currentUser.replace(new SignedInUser(me, clock.instant()));
    }

    private static void checkMayGrant(SignedInUser me, Role role) {
        if (!me.isPlatformAdmin() && role == Role.PLATFORM_ADMIN) {
            throw new AccessDeniedException("Only platform admins can make platform admins");
        }
    }

    private Organization organizationFor(SignedInUser me, Role role, Long requested) {
        if (role == Role.PLATFORM_ADMIN) {
            return null;
        }
        Long id = me.isPlatformAdmin() ? requested : me.organizationId();
        if (id == null) {
            throw new IllegalArgumentException("Choose the organization the user belongs to");
        }
        return organizations.findById(id).orElseThrow(() -> new NotFoundException("No such organization"));
    }

    private static boolean isInOrganization(UserAccount user, Long organizationId) {
        return user.getOrganization() != null && user.getOrganization().getId().equals(organizationId);
    }

    private UserAccount saveChecked(UserAccount user) {
        references.changed("app_user");
        try {
            return users.saveAndFlush(user);
        } catch (DataIntegrityViolationException raced) {
            throw duplicateEmail();
        }
    }

    private static DuplicateValueException duplicateEmail() {
        return new DuplicateValueException("email", "A user with this email exists already");
    }

    /** The current password given to change it was wrong. */
    public static class WrongPasswordException extends RuntimeException {
        WrongPasswordException() {
            super("The current password is not right");
        }
    }
}
