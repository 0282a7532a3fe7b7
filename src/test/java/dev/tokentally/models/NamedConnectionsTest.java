package dev.tokentally.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.userdetails.UserDetailsService;

/** Several connections of one kind: their names, their keys, and the environment that gives them at start-up. */
@TokentallyTest
class NamedConnectionsTest {

    @Autowired
    NamedConnections named;
    @Autowired
    ProviderConnections connections;
    @Autowired
    CompatibleConnections compatible;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UserDetailsService users;

    static ProviderConnectionChange on(String key) {
        return new ProviderConnectionChange(true, null, key, 30);
    }

    ProviderConnection add(ProviderKind kind, String name) {
        return RunAs.user(users, "root@tokentally.test", () -> named.add(kind, name, on("sk-proj-second-key-0001")));
    }

    long connectionCount() {
        return jdbc.sql("select count(*) from provider_connection").query(Long.class).single();
    }

    @Test
    void a_second_openai_key_is_its_own_connection_with_its_own_sealed_key_beside_the_kinds_own() {
        RunAs.user(users, "root@tokentally.test", () -> connections.update(ProviderKind.OPENAI, on("sk-proj-first-key-1111")));

        ProviderConnection added = add(ProviderKind.OPENAI, "openai-eu");

        assertThat(added.code()).isEqualTo("openai-eu");
        assertThat(added.kind()).isEqualTo(ProviderKind.OPENAI);
        assertThat(connections.credentials("openai-eu").orElseThrow().apiKey()).isEqualTo("sk-proj-second-key-0001");
        assertThat(connections.credentials(ProviderKind.OPENAI).orElseThrow().apiKey()).isEqualTo("sk-proj-first-key-1111");
        assertThat(connections.namedOf(ProviderKind.OPENAI)).containsExactly("openai-eu");
        assertThat(jdbc.sql("select api_key_encrypted from provider_connection where provider_code = 'openai-eu'")
                .query(String.class).single()).doesNotContain("second-key");
    }

    @Test
    void a_name_must_be_lower_case_well_formed_and_free_and_a_refused_one_saves_nothing() {
        RunAs.user(users, "root@tokentally.test", () -> compatible.save(new CompatibleConnections.Change("Groq", false,
                "https://api.groq.com/openai/v1", null, "llama-3.1-8b=0.1/0.2", 10)));
        add(ProviderKind.OPENAI, "openai-eu");
        long before = connectionCount();

        // Upper case, too short, a slash or colon (prefix separators), a kind's code, a compatible connection's name,
        // a named connection's, an organization's slug.
        for (String name : new String[]{"OpenAI-EU", "o", "openai/eu", "acme:openai", "-eu", "openai", "azure", "groq",
                "openai-eu", "acme", " "}) {
            assertThatThrownBy(() -> add(ProviderKind.ANTHROPIC, name)).as(name)
                    .isInstanceOfSatisfying(FieldRejectedException.class, refused -> assertThat(refused.field()).isEqualTo("name"));
        }
        for (ProviderKind kind : new ProviderKind[]{ProviderKind.DEMO, ProviderKind.COMPATIBLE, null}) {
            assertThatThrownBy(() -> add(kind, "second-" + kind)).as(String.valueOf(kind))
                    .isInstanceOfSatisfying(FieldRejectedException.class, refused -> assertThat(refused.field()).isEqualTo("kind"));
        }
        assertThatThrownBy(() -> RunAs.user(users, "root@tokentally.test", () -> named.add(ProviderKind.OPENAI, "openai-us",
                new ProviderConnectionChange(true, null, null, 30)))).as("OpenAI needs a key to be enabled")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunAs.user(users, "root@tokentally.test", () -> compatible.save(new CompatibleConnections.Change(
                "openai-eu", false, "https://example.com/v1", null, "m", 10)))).as("an OpenAI-compatible server cannot take the name")
                .isInstanceOf(FieldRejectedException.class);
        assertThatThrownBy(() -> RunAs.user(users, "admin@acme.test", () -> named.add(ProviderKind.OPENAI, "acme-openai",
                on("sk-proj-x-0001")))).isInstanceOf(AccessDeniedException.class);
        assertThat(connectionCount()).isEqualTo(before);
    }

    @Test
    void only_named_connections_are_removed_by_name() {
        add(ProviderKind.OPENAI, "openai-eu");

        RunAs.user(users, "root@tokentally.test", () -> {
            named.remove("openai-eu");
            return null;
        });

        assertThat(connections.credentials("openai-eu")).isEmpty();
        for (String code : new String[]{"openai", "openai-eu"}) {
            assertThatThrownBy(() -> RunAs.user(users, "root@tokentally.test", () -> {
                named.remove(code);
                return null;
            }))
                    .isInstanceOf(dev.tokentally.base.NotFoundException.class);
        }
        assertThat(connections.find("openai")).isPresent();
    }

    @Test
    void named_connections_come_from_the_environment_and_a_bad_one_is_left_out() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-"
                + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "TOKENTALLY_PROVIDERS_OPENAI_EU_KIND", "openai",
                "TOKENTALLY_PROVIDERS_OPENAI_EU_API_KEY", "sk-proj-eu-from-env-4321",
                "TOKENTALLY_PROVIDERS_OPENAI_EU_BASE_URL", "https://eu.api.openai.com/v1",
                "TOKENTALLY_PROVIDERS_CLAUDE_TEAM_KIND", "anthropic",
                "TOKENTALLY_PROVIDERS_CLAUDE_TEAM_API_KEY", "sk-ant-team-from-env-8765",
                "TOKENTALLY_PROVIDERS_SECOND_AZURE_KIND", "azure",
                "TOKENTALLY_PROVIDERS_SECOND_AZURE_API_KEY", "azure-key-0000",
                "TOKENTALLY_PROVIDERS_ANTHROPIC_KIND", "openai",
                "TOKENTALLY_PROVIDERS_ANTHROPIC_API_KEY", "sk-proj-hijack-0000")));
        NamedConnectionsFromEnvironment startUp = new NamedConnectionsFromEnvironment(named, environment);

        startUp.run(null);
        startUp.run(null);

        assertThat(connections.credentials("openai-eu")).hasValueSatisfying(eu -> {
            assertThat(eu.kind()).isEqualTo(ProviderKind.OPENAI);
            assertThat(eu.apiKey()).isEqualTo("sk-proj-eu-from-env-4321");
            assertThat(eu.baseUrl()).isEqualTo("https://eu.api.openai.com/v1");
        });
        assertThat(connections.credentials("claude-team")).hasValueSatisfying(team -> {
            assertThat(team.kind()).isEqualTo(ProviderKind.ANTHROPIC);
            assertThat(team.baseUrl()).isEqualTo(ProviderKind.ANTHROPIC.defaultBaseUrl());
        });
        assertThat(connections.find("second-azure")).as("Azure has no named connections").isEmpty();
        assertThat(connections.find("anthropic").orElseThrow().kind()).as("a kind's own connection is never taken over")
                .isEqualTo(ProviderKind.ANTHROPIC);
        assertThat(connections.credentials(ProviderKind.ANTHROPIC)).isEmpty();
    }
}
