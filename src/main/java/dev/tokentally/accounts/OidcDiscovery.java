package dev.tokentally.accounts;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.net.OutboundAddresses;
import dev.tokentally.base.net.OutboundHttp;
import dev.tokentally.base.net.RefusedAddressException;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an issuer's OpenID Connect discovery document, as Spring Security's client takes it, through the outbound
 * address guard: the document is fetched only from an address the guard allows (and the connection goes to that
 * very address), is at most 64 KB, must name the issuer asked for, and the endpoints Tokentally itself calls
 * (token, keys, user info) must point at allowed addresses too.
 */
@Component
class OidcDiscovery {

    private static final String FIELD = "issuerUri";
    private static final int MAX_BYTES = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final OutboundAddresses addresses;
    private final RestClient http;

    OidcDiscovery(OutboundAddresses addresses, OutboundHttp outbound) {
        this.addresses = addresses;
        this.http = RestClient.builder().requestFactory(outbound.requestFactory(Duration.ofSeconds(10))).build();
    }

    ClientRegistration.Builder discover(String issuerUri) {
        String issuer = issuerUri.trim();
        URI document = addresses.checkUrl(issuer.replaceAll("/$", "") + "/.well-known/openid-configuration", FIELD);
        Map<String, Object> metadata = read(issuer, document);
        if (!issuer.equals(metadata.get("issuer"))) {
            throw new FieldRejectedException(FIELD, "The discovery document at " + document + " names another issuer ("
                    + metadata.get("issuer") + "): use exactly that URL");
        }
        String tokenUri = endpoint(metadata, "token_endpoint", true);
        String jwkSetUri = endpoint(metadata, "jwks_uri", true);
        String userInfoUri = endpoint(metadata, "userinfo_endpoint", false);
        String authorizationUri = (String) metadata.get("authorization_endpoint");
        if (authorizationUri == null) {
            throw new FieldRejectedException(FIELD, "The discovery document names no authorization_endpoint");
        }
        return ClientRegistration.withRegistrationId(issuer)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .clientAuthenticationMethod(authenticationMethod(metadata))
                .authorizationUri(authorizationUri)
                .tokenUri(tokenUri)
                .jwkSetUri(jwkSetUri)
                .userInfoUri(userInfoUri)
                .userNameAttributeName(IdTokenClaimNames.SUB)
                .issuerUri(issuer)
                .providerConfigurationMetadata(metadata);
    }

    private Map<String, Object> read(String issuer, URI document) {
        String unreachable = "No OpenID Connect discovery answers at " + document
                + " (check the issuer URL; it must match the issuer the provider names)";
        try {
            byte[] body = http.get().uri(document).exchange((request, response) -> {
                if (!response.getStatusCode().is2xxSuccessful()) {
                    throw new FieldRejectedException(FIELD, unreachable);
                }
                byte[] bytes = response.getBody().readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new FieldRejectedException(FIELD, "The discovery document at " + document + " is larger than 64 KB");
                }
                return bytes;
            });
            return JSON.readValue(body, new TypeReference<Map<String, Object>>() { });
        } catch (ResourceAccessException e) {
            throw new FieldRejectedException(FIELD, e.getCause() instanceof RefusedAddressException refused
                    ? refused.getMessage() : unreachable);
        } catch (RestClientException | JacksonException | IllegalArgumentException e) {
            throw new FieldRejectedException(FIELD, unreachable);
        }
    }

    /** An endpoint Tokentally calls itself: checked by the guard like the issuer. */
    private String endpoint(Map<String, Object> metadata, String name, boolean required) {
        if (!(metadata.get(name) instanceof String url)) {
            if (required) {
                throw new FieldRejectedException(FIELD, "The discovery document names no " + name);
            }
            return null;
        }
        addresses.checkUrl(url, FIELD);
        return url;
    }

    private static ClientAuthenticationMethod authenticationMethod(Map<String, Object> metadata) {
        Object supported = metadata.get("token_endpoint_auth_methods_supported");
        if (supported instanceof List<?> methods && !methods.contains("client_secret_basic") && methods.contains("client_secret_post")) {
            return ClientAuthenticationMethod.CLIENT_SECRET_POST;
        }
        return ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
    }
}
