package dev.tokentally.organizations;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * The platform-wide identity provider configured as code: {@code TOKENTALLY_OIDC_ISSUER_URI}, {@code _CLIENT_ID},
 * {@code _CLIENT_SECRET}, {@code _NAME} and {@code _ORGANIZATION} (the slug of the organization new users join).
 */
@ConfigurationProperties("tokentally.oidc")
record OidcEnvironment(String issuerUri, String clientId, String clientSecret, String name, String organization) {

    static final String REGISTRATION_ID = "environment";

    boolean configured() {
        return StringUtils.hasText(issuerUri) && StringUtils.hasText(clientId);
    }

    String displayName() {
        return StringUtils.hasText(name) ? name.trim() : "single sign-on";
    }
}
