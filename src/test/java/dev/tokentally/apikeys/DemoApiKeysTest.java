package dev.tokentally.apikeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@TokentallyTest
class DemoApiKeysTest {

    @Autowired
    ApiKeys apiKeys;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    OrganizationService organizations;
    @Autowired
    Fixtures fixtures;

    @Test
    void configured_demo_keys_authenticate_as_their_organizations() {
        new DemoApiKeys(apiKeys, organizations, new DemoApiKeys.DemoApiKeysProperties("acme:secret1, globex:secret2, initech:secret3")).load();

        assertThat(apiKeys.authenticate("secret1")).get().extracting(ApiKeyPrincipal::organizationId)
                .isEqualTo(fixtures.organization("acme"));
        assertThat(apiKeys.authenticate("secret2")).get().extracting(ApiKeyPrincipal::organizationId)
                .isEqualTo(fixtures.organization("globex"));
        assertThat(apiKeys.authenticate("secret3")).get().extracting(ApiKeyPrincipal::organizationId)
                .as("the prepaid demo organization").isEqualTo(fixtures.organization("initech"));
        assertThat(jdbc.sql("select count(*) from api_key where secret_hash = 'secret1'").query(Integer.class).single())
                .as("stored hashed").isZero();
    }

    @Test
    void a_malformed_setting_says_what_is_wrong() {
        assertThatThrownBy(() -> new DemoApiKeys(apiKeys, organizations, new DemoApiKeys.DemoApiKeysProperties("acme-secret1")).load())
                .hasMessageContaining("expected slug:secret");
        assertThatThrownBy(() -> new DemoApiKeys(apiKeys, organizations, new DemoApiKeys.DemoApiKeysProperties("nowhere:secret")).load())
                .hasMessageContaining("no organization nowhere");
    }
}
