package dev.tokentally.apikeys;

import dev.tokentally.base.SeedData;
import dev.tokentally.organizations.OrganizationService;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * API keys for scripted demos: {@code TOKENTALLY_DEMO_API_KEYS=acme:secret1,globex:secret2} (organization
 * slug : key secret) creates those keys in demo mode.
 */
@Component
@EnableConfigurationProperties(DemoApiKeys.DemoApiKeysProperties.class)
class DemoApiKeys implements SeedData {

    /** @param demoApiKeys {@code slug:secret} pairs, comma-separated ({@code tokentally.demo-api-keys}) */
    @ConfigurationProperties("tokentally")
    record DemoApiKeysProperties(String demoApiKeys) {
    }

    private final ApiKeys apiKeys;
    private final OrganizationService organizations;
    private final String configured;

    DemoApiKeys(ApiKeys apiKeys, OrganizationService organizations, DemoApiKeysProperties settings) {
        this.apiKeys = apiKeys;
        this.organizations = organizations;
        this.configured = settings.demoApiKeys() == null ? "" : settings.demoApiKeys();
    }

    @Override
    public String name() {
        return "demo-api-keys:" + configured.hashCode();
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public boolean demoOnly() {
        return true;
    }

    @Override
    public void load() {
        if (!StringUtils.hasText(configured)) {
            return;
        }
        for (String pair : configured.split(",")) {
            String[] parts = pair.trim().split(":", 2);
            if (parts.length != 2 || parts[1].isBlank()) {
                throw new IllegalStateException("TOKENTALLY_DEMO_API_KEYS: expected slug:secret, got '" + pair + "'");
            }
            long organizationId = organizations.idOfSlug(parts[0].trim())
                    .orElseThrow(() -> new IllegalStateException("TOKENTALLY_DEMO_API_KEYS: no organization " + parts[0]));
            apiKeys.createWithSecret(organizationId, "demo key", parts[1].trim());
        }
    }
}
