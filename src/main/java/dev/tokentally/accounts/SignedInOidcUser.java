package dev.tokentally.accounts;

import java.io.Serial;
import java.time.Instant;
import java.util.Map;

import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/** A user signed in through an identity provider: our account, with the provider's ID token beside it. */
public final class SignedInOidcUser extends SignedInUser implements OidcUser {

    @Serial
    private static final long serialVersionUID = 1L;

    private final OidcIdToken idToken;
    private final OidcUserInfo userInfo;

    SignedInOidcUser(UserAccount account, Instant now, OidcIdToken idToken, OidcUserInfo userInfo) {
        super(account, now);
        this.idToken = idToken;
        this.userInfo = userInfo;
    }

    @Override
    public Map<String, Object> getClaims() {
        return idToken.getClaims();
    }

    @Override
    public OidcUserInfo getUserInfo() {
        return userInfo;
    }

    @Override
    public OidcIdToken getIdToken() {
        return idToken;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return idToken.getClaims();
    }

    /** Our email, so the sign-in is recorded against the account and logs name the same user either way. */
    @Override
    public String getName() {
        return email();
    }
}
