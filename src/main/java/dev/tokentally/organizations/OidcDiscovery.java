package dev.tokentally.organizations;

import dev.tokentally.base.FieldRejectedException;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.stereotype.Component;

/** Reads an issuer's OpenID Connect discovery document: its endpoints and keys, as Spring Security's client takes them. */
@Component
class OidcDiscovery {

    ClientRegistration.Builder discover(String issuerUri) {
        try {
            return ClientRegistrations.fromOidcIssuerLocation(issuerUri.trim());
        } catch (RuntimeException unreachable) {
            throw new FieldRejectedException("issuerUri", "No OpenID Connect discovery answers at " + issuerUri.trim()
                    + "/.well-known/openid-configuration (check the issuer URL; it must match the issuer the provider names)");
        }
    }
}
