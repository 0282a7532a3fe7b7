package dev.tokentally.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** A deployment configures provider connections as code, through TOKENTALLY_PROVIDERS_<NAME>_API_KEY / _BASE_URL. */
@TokentallyTest
class ProviderConnectionsFromEnvironmentTest {

    @Autowired
    ProviderConnections connections;

    ProviderConnectionsFromEnvironment startingWith(java.util.Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-environment", variables));
        return new ProviderConnectionsFromEnvironment(connections, environment);
    }

    @Test
    void providers_named_in_the_environment_are_enabled_with_that_key_and_address() throws Exception {
        startingWith(java.util.Map.of(
                "TOKENTALLY_PROVIDERS_OPENAI_API_KEY", "sk-proj-from-env-1234",
                "TOKENTALLY_PROVIDERS_ANTHROPIC_API_KEY", "sk-ant-from-env-5678",
                "TOKENTALLY_PROVIDERS_ANTHROPIC_BASE_URL", "https://anthropic.internal.example/v1/",
                "TOKENTALLY_PROVIDERS_OLLAMA_BASE_URL", "http://gpu-box:11434",
                "TOKENTALLY_PROVIDERS_GOOGLE_BASE_URL", "https://no-key.example")).run(null);

        assertThat(connections.credentials(ProviderKind.OPENAI)).hasValueSatisfying(openAi -> {
            assertThat(openAi.apiKey()).isEqualTo("sk-proj-from-env-1234");
            assertThat(openAi.baseUrl()).isEqualTo(ProviderKind.OPENAI.defaultBaseUrl());
        });
        assertThat(connections.credentials(ProviderKind.ANTHROPIC)).hasValueSatisfying(anthropic -> {
            assertThat(anthropic.apiKey()).isEqualTo("sk-ant-from-env-5678");
            assertThat(anthropic.baseUrl()).isEqualTo("https://anthropic.internal.example/v1/");
        });
        assertThat(connections.credentials(ProviderKind.OLLAMA)).hasValueSatisfying(ollama ->
                assertThat(ollama.baseUrl()).isEqualTo("http://gpu-box:11434"));
        assertThat(connections.credentials(ProviderKind.GOOGLE)).as("a provider that needs a key stays off without one").isEmpty();
        assertThat(connections.credentials(ProviderKind.OPENROUTER)).isEmpty();
    }
}
