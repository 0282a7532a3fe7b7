package dev.tokentally.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.testsupport.VertexFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** A deployment configures provider connections as code, through TOKENTALLY_PROVIDERS_<NAME>_API_KEY / _BASE_URL. */
@TokentallyTest
class ProviderConnectionsFromEnvironmentTest {

    @RegisterExtension
    static final VertexFake vertexFake = new VertexFake();
    @TempDir
    java.nio.file.Path dir;

    @Autowired
    ProviderConnections connections;
    @Autowired
    ProviderTypes types;
    @Autowired
    CompatibleConnections compatible;
    @Autowired
    AzureConnection azure;
    @Autowired
    VertexConnection vertex;
    @Autowired
    dev.tokentally.pricing.PriceLookup prices;
    @Autowired
    BedrockConnection bedrock;
    @Autowired
    AzureEntraId entraId;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired
    org.springframework.security.core.userdetails.UserDetailsService users;

    ProviderConnectionsFromEnvironment startingWith(java.util.Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        // Named as Spring Boot names the process environment, so that its binder maps the variables as at start-up.
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-"
                + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return new ProviderConnectionsFromEnvironment(types, environment);
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

    @Test
    void openai_compatible_servers_and_azure_come_from_the_environment_with_their_models_and_deployments() {
        startingWith(java.util.Map.of(
                "TOKENTALLY_PROVIDERS_COMPATIBLE_GROQ_BASE_URL", "https://api.groq.com/openai/v1",
                "TOKENTALLY_PROVIDERS_COMPATIBLE_GROQ_API_KEY", "gsk_from_env_1234",
                "TOKENTALLY_PROVIDERS_COMPATIBLE_GROQ_MODELS", "llama-3.1-8b=0.1/0.2,other-model",
                "TOKENTALLY_PROVIDERS_COMPATIBLE_VLLM_BASE_URL", "http://gpu-box:8000/v1",
                "TOKENTALLY_PROVIDERS_AZURE_BASE_URL", "https://contoso.openai.azure.com",
                "TOKENTALLY_PROVIDERS_AZURE_API_KEY", "azure-key-from-env-9876",
                "TOKENTALLY_PROVIDERS_AZURE_API_VERSION", "2024-10-21",
                "TOKENTALLY_PROVIDERS_AZURE_DEPLOYMENTS", "prod-4o=gpt-4o,mini=gpt-4o-mini")).run(null);

        assertThat(connections.credentials("groq")).hasValueSatisfying(groq -> {
            assertThat(groq.kind()).isEqualTo(ProviderKind.COMPATIBLE);
            assertThat(groq.baseUrl()).isEqualTo("https://api.groq.com/openai/v1");
            assertThat(groq.apiKey()).isEqualTo("gsk_from_env_1234");
        });
        assertThat(connections.credentials("vllm")).hasValueSatisfying(vllm -> assertThat(vllm.apiKey()).isNull());
        var llama = prices.model("groq", "llama-3.1-8b").orElseThrow();
        assertThat(llama.versions()).singleElement().satisfies(price -> {
            assertThat(price.base().input()).isEqualByComparingTo("0.1");
            assertThat(price.base().output()).isEqualByComparingTo("0.2");
        });
        assertThat(prices.model("groq", "other-model").orElseThrow().versions()).as("unpriced, never $0").isEmpty();
        assertThat(connections.credentials(ProviderKind.AZURE)).hasValueSatisfying(azureCredentials -> {
            assertThat(azureCredentials.apiVersion()).isEqualTo("2024-10-21");
            assertThat(azureCredentials.apiKey()).isEqualTo("azure-key-from-env-9876");
        });
        assertThat(azure.modelOf("prod-4o")).contains(prices.model("openai", "gpt-4o").orElseThrow().modelId());
        assertThat(azure.modelOf("mini")).contains(prices.model("openai", "gpt-4o-mini").orElseThrow().modelId());
    }

    @Test
    void azure_with_entra_id_client_credentials_comes_from_the_environment_with_the_secret_sealed_as_its_key() {
        try {
            startingWith(java.util.Map.of(
                    "TOKENTALLY_PROVIDERS_AZURE_BASE_URL", "https://contoso.openai.azure.com",
                    "TOKENTALLY_PROVIDERS_AZURE_API_VERSION", "2024-10-21",
                    "TOKENTALLY_PROVIDERS_AZURE_DEPLOYMENTS", "prod-4o=gpt-4o",
                    "TOKENTALLY_PROVIDERS_AZURE_TENANT_ID", "contoso.onmicrosoft.com",
                    "TOKENTALLY_PROVIDERS_AZURE_CLIENT_ID", "9a3e1f2b-4c5d-4e6f-8a7b-1c2d3e4f5a6b",
                    "TOKENTALLY_PROVIDERS_AZURE_CLIENT_SECRET", "Qx48Q~client-secret-from-env")).run(null);

            assertThat(connections.credentials(ProviderKind.AZURE)).hasValueSatisfying(azureCredentials ->
                    assertThat(azureCredentials.apiKey()).isEqualTo("Qx48Q~client-secret-from-env"));
            assertThat(entraId.ids("azure")).contains(new AzureEntraId.Ids("contoso.onmicrosoft.com",
                    "9a3e1f2b-4c5d-4e6f-8a7b-1c2d3e4f5a6b"));
            assertThat(jdbc.sql("select count(*) from provider_connection where api_key_encrypted like '%client-secret%'")
                    .query(Long.class).single()).as("sealed").isZero();
        } finally {
            entraId.store("azure", null, null);
        }
    }

    @Test
    void a_compatible_server_with_a_bad_price_is_left_out_and_the_others_are_configured() {
        startingWith(java.util.Map.of(
                "TOKENTALLY_PROVIDERS_COMPATIBLE_GROQ_BASE_URL", "https://api.groq.com/openai/v1",
                "TOKENTALLY_PROVIDERS_COMPATIBLE_GROQ_MODELS", "llama-3.1-8b=cheap",
                "TOKENTALLY_PROVIDERS_COMPATIBLE_TOGETHER_BASE_URL", "https://api.together.xyz/v1")).run(null);

        assertThat(connections.credentials("groq")).isEmpty();
        assertThat(prices.model("groq", "llama-3.1-8b")).isEmpty();
        assertThat(connections.credentials("together")).isPresent();
    }

    @Test
    void bedrock_comes_from_the_environment_with_its_region_and_key_pair_and_a_bad_region_leaves_it_as_it_was() {
        startingWith(java.util.Map.of(
                "TOKENTALLY_PROVIDERS_BEDROCK_REGION", "eu-central-1",
                "TOKENTALLY_PROVIDERS_BEDROCK_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
                "TOKENTALLY_PROVIDERS_BEDROCK_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "TOKENTALLY_PROVIDERS_BEDROCK_BASE_URL", "https://vpce-0a1b.bedrock-runtime.eu-central-1.vpce.amazonaws.com")).run(null);

        assertThat(connections.credentials(ProviderKind.BEDROCK)).hasValueSatisfying(credentials -> {
            assertThat(credentials.apiKey()).isEqualTo("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
            assertThat(credentials.baseUrl()).isEqualTo("https://vpce-0a1b.bedrock-runtime.eu-central-1.vpce.amazonaws.com");
        });
        RunAs.user(users, "root@tokentally.test", () -> {
            assertThat(bedrock.settings()).contains(new BedrockConnection.Settings("eu-central-1", "AKIAIOSFODNN7EXAMPLE"));
            return null;
        });

        startingWith(java.util.Map.of("TOKENTALLY_PROVIDERS_BEDROCK_REGION", "Frankfurt")).run(null);

        RunAs.user(users, "root@tokentally.test", () -> {
            assertThat(bedrock.settings()).map(BedrockConnection.Settings::region).contains("eu-central-1");
            return connections.update(ProviderKind.BEDROCK, new ProviderConnectionChange(false, null, "", 60));
        });
    }

    @Test
    void vertex_comes_from_the_environment_with_its_project_region_and_the_service_account_key_file() throws Exception {
        String key = vertexFake.serviceAccountJson();
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("vertex-sa.json"), key);

        startingWith(java.util.Map.of(
                "TOKENTALLY_PROVIDERS_VERTEX_PROJECT", VertexFake.PROJECT,
                "TOKENTALLY_PROVIDERS_VERTEX_REGION", "us-east5",
                "TOKENTALLY_PROVIDERS_VERTEX_CREDENTIALS_FILE", file.toString())).run(null);

        assertThat(vertex.target()).hasValueSatisfying(target -> assertThat(target.locationUrl())
                .isEqualTo("https://us-east5-aiplatform.googleapis.com/v1/projects/acme-vertex-42/locations/us-east5"));
        assertThat(connections.credentials(ProviderKind.VERTEX).orElseThrow().apiKey()).isEqualTo(key);
        assertThat(vertex.accessToken()).as("the key's token_uri issues the token").isEqualTo(VertexFake.TOKEN);
    }

    @Test
    void a_vertex_key_file_that_is_no_service_account_key_leaves_vertex_off() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("not-a-key.json"), "{\"type\":\"authorized_user\"}");

        startingWith(java.util.Map.of(
                "TOKENTALLY_PROVIDERS_VERTEX_PROJECT", VertexFake.PROJECT,
                "TOKENTALLY_PROVIDERS_VERTEX_REGION", "us-east5",
                "TOKENTALLY_PROVIDERS_VERTEX_CREDENTIALS_FILE", file.toString())).run(null);

        assertThat(connections.credentials(ProviderKind.VERTEX)).isEmpty();
        assertThat(vertex.target()).isEmpty();
    }
}
