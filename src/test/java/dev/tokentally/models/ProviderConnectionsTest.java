package dev.tokentally.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokentally.base.secrets.SecretBox;
import dev.tokentally.testsupport.TokentallyTest;
import jakarta.validation.ConstraintViolationException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.test.context.support.WithUserDetails;

@TokentallyTest
class ProviderConnectionsTest {

    @Autowired
    ProviderConnections connections;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SecretBox secrets;

    @Test
    @WithUserDetails("root@tokentally.test")
    void a_stored_key_is_sealed_in_the_database_and_shown_only_by_its_last_four_characters() {
        ProviderConnection saved = connections.update(ProviderKind.OPENAI, new ProviderConnectionChange(true,
                "https://gateway.example.com/v1", "sk-proj-abcdefghijklmnop-7Q2x", 45));

        String stored = jdbc.sql("select api_key_encrypted from provider_connection where provider_code = 'openai'")
                .query(String.class).single();
        assertThat(stored).startsWith("v1:").doesNotContain("sk-proj").doesNotContain("abcdefghijklmnop");
        assertThat(secrets.open(stored)).isEqualTo("sk-proj-abcdefghijklmnop-7Q2x");
        assertThat(saved.apiKeyHint()).isEqualTo("…7Q2x");
        assertThat(saved.toString()).doesNotContain("abcdefghijklmnop");
        assertThat(saved.effectiveBaseUrl()).isEqualTo("https://gateway.example.com/v1");
        assertThat(jdbc.sql("select string_agg(coalesce(before_value, '') || after_value, ' ') from audit_log")
                .query(String.class).single()).contains("…7Q2x").doesNotContain("abcdefghijklmnop");

        ProviderConnection kept = connections.update(ProviderKind.OPENAI, new ProviderConnectionChange(true, "", null, 45));
        assertThat(kept.hasApiKey()).as("an empty key field keeps the stored key").isTrue();
        assertThat(kept.effectiveBaseUrl()).isEqualTo("https://api.openai.com/v1");
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void a_provider_that_needs_a_key_cannot_be_enabled_without_one_and_bad_input_changes_nothing() {
        assertThatThrownBy(() -> connections.update(ProviderKind.ANTHROPIC, new ProviderConnectionChange(true, null, null, 60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Anthropic needs an API key before it can be enabled");
        assertThatThrownBy(() -> connections.update(ProviderKind.OLLAMA, new ProviderConnectionChange(true, "ftp://x", null, 60)))
                .isInstanceOf(ConstraintViolationException.class).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> connections.update(ProviderKind.OLLAMA, new ProviderConnectionChange(true, null, null, 0)))
                .isInstanceOf(ConstraintViolationException.class).hasMessageContaining("At least 1 second");

        assertThat(connections.list()).filteredOn(ProviderConnection::enabled).extracting(ProviderConnection::kind)
                .containsExactly(ProviderKind.DEMO);
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void only_platform_admins_see_or_change_providers() {
        assertThatThrownBy(() -> connections.list()).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> connections.update(ProviderKind.OLLAMA, new ProviderConnectionChange(true, null, null, 60)))
                .isInstanceOf(AccessDeniedException.class);
    }
}
