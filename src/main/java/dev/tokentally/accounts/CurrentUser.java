package dev.tokentally.accounts;

import java.util.Optional;

import dev.tokentally.base.NotFoundException;
import dev.tokentally.organizations.OrganizationAccess;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** The user of the current request, from Spring Security's context: the one source of "who is asking". */
@Component
public class CurrentUser implements OrganizationAccess {

    public Optional<SignedInUser> get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof SignedInUser user) {
            return Optional.of(user);
        }
        return Optional.empty();
    }

    /**
     * Refuses access to another organization's data the way missing data is refused: platform admins
     * may see every organization, everyone else only their own.
     */
    @Override
    public void requireAccessTo(long organizationId) {
        SignedInUser me = require();
        if (!me.isPlatformAdmin() && !Long.valueOf(organizationId).equals(me.organizationId())) {
            throw new NotFoundException("No such organization");
        }
    }

    /** Puts the user's refreshed principal in place of the current one, in this request and its session. */
    void replace(SignedInUser refreshed) {
        refreshed.eraseCredentials();
        // The session keeps this same context object, so changing its authentication changes the session's.
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(refreshed, null, refreshed.getAuthorities()));
    }

    @Override
    public Long ownOrganizationId() {
        return require().organizationId();
    }

    public SignedInUser require() {
        return get().orElseThrow(() -> new AuthenticationCredentialsNotFoundException("Not signed in"));
    }
}
