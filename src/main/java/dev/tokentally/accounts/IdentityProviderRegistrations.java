package dev.tokentally.accounts;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.tokentally.base.FieldRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Component;

/**
 * Spring Security's client registrations, from the identity providers in the database and the environment's.
 * A provider is looked up on every sign-in, so one turned off or deleted is refused at once; its discovery
 * document is read once per registration id (a new id on every edit, see the migration).
 */
@Component
public class IdentityProviderRegistrations implements ClientRegistrationRepository {

    /** Edits leave old ids behind; past this many the cache starts again rather than grow. */
    private static final int MAX_CACHED = 500;
    private static final Logger log = LoggerFactory.getLogger(IdentityProviderRegistrations.class);

    private final IdentityProviders providers;
    private final OidcDiscovery discovery;
    private final Map<String, ClientRegistration> discovered = new ConcurrentHashMap<>();

    IdentityProviderRegistrations(IdentityProviders providers, OidcDiscovery discovery) {
        this.providers = providers;
        this.discovery = discovery;
    }

    /** Null for an unknown or disabled provider, and for one whose discovery fails: Spring then refuses the sign-in. */
    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        try {
            return providers.forRegistration(registrationId).map(this::registration).orElse(null);
        } catch (FieldRejectedException undiscoverable) {
            log.warn("Sign-in through {} refused: {}", registrationId, undiscoverable.getMessage());
            return null;
        }
    }

    private ClientRegistration registration(SignInProvider provider) {
        if (discovered.size() > MAX_CACHED) {
            discovered.clear();
        }
        return discovered.computeIfAbsent(provider.registrationId(), id -> discovery.discover(provider.issuerUri())
                .registrationId(id)
                .clientName(provider.name())
                .clientId(provider.clientId())
                .clientSecret(provider.clientSecret())
                // Spring finds the registration from the authorization request kept in the session, not from this path.
                .redirectUri("{baseUrl}/login/oauth2/code/" + provider.callbackName())
                .scope("openid", "profile", "email")
                .build());
    }
}
