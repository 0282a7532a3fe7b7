package dev.tokentally.accounts;

import dev.tokentally.base.net.OutboundHttp;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

/**
 * Spring Security's OpenID Connect user service, with our account as the principal: Spring's own service
 * validates the ID token and reads the user-info endpoint (through the outbound address guard), then
 * {@link OidcAccounts} finds or creates the user.
 */
@Component
public class OidcSignIn implements OAuth2UserService<OidcUserRequest, OidcUser> {

    /** The error code of a refused sign-in, whose description says why. */
    public static final String REFUSED = OidcAccounts.REFUSED;

    private final OidcUserService claims = new OidcUserService();
    private final IdentityProviders providers;
    private final OidcAccounts accounts;

    OidcSignIn(IdentityProviders providers, OidcAccounts accounts, OutboundHttp outbound) {
        this.providers = providers;
        this.accounts = accounts;
        claims.setOauth2UserService(OidcClientsConfig.userInfo(outbound));
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser provided = claims.loadUser(request);
        SignInProvider provider = providers.forRegistration(request.getClientRegistration().getRegistrationId())
                .orElseThrow(() -> new OAuth2AuthenticationException(new OAuth2Error(REFUSED,
                        "This way of signing in was turned off meanwhile. Try again from the sign-in page.", null)));
        return accounts.signIn(provider, provided);
    }
}
