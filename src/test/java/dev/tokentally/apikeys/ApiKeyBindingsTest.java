package dev.tokentally.apikeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

/** A key is bound only to what its organization has: models it allows, its own agents; and it expires ahead. */
@TokentallyTest
@WithUserDetails("admin@acme.test")
class ApiKeyBindingsTest {

    @Autowired
    ApiKeys apiKeys;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    long acme;
    long key;

    @BeforeEach
    void key() {
        acme = fixtures.organization("acme");
        key = apiKeys.create(acme, "helpdesk", null).key().id();
    }

    private static ApiKeySettings limitedTo(List<String> models, String agent) {
        return new ApiKeySettings(null, models, null, agent, 60, null);
    }

    @Test
    void a_model_the_organization_does_not_allow_is_refused_by_name_and_nothing_changes() {
        assertThatThrownBy(() -> apiKeys.updateSettings(key, limitedTo(List.of("gpt-4o-mini", "gpt-imaginary",
                "openai/gpt-4.1"), null)))
                .isInstanceOf(FieldRejectedException.class)
                .hasMessage("Not a model the organization allows: gpt-imaginary, openai/gpt-4.1")
                .extracting(rejected -> ((FieldRejectedException) rejected).field()).isEqualTo("allowedModels");
        assertThat(apiKeys.settings(key)).isEqualTo(ApiKeySettings.DEFAULTS);
    }

    @Test
    void an_agent_the_organization_does_not_have_is_refused_by_name_and_nothing_changes() {
        assertThatThrownBy(() -> apiKeys.updateSettings(key, limitedTo(List.of(), "helpdesk-bot")))
                .isInstanceOf(FieldRejectedException.class).hasMessage("Not an agent of the organization: helpdesk-bot")
                .extracting(rejected -> ((FieldRejectedException) rejected).field()).isEqualTo("agentName");
        assertThat(apiKeys.settings(key)).isEqualTo(ApiKeySettings.DEFAULTS);
    }

    @Test
    void the_organizations_models_by_name_or_provider_and_its_agent_in_any_case_are_kept() {
        apiKeys.updateSettings(key, limitedTo(List.of("demo-mini", "openrouter/openai/gpt-4o-mini"), "support WRITER"));

        ApiKeySettings settings = apiKeys.settings(key);
        assertThat(settings.allowedModels()).containsExactly("demo-mini", "openrouter/openai/gpt-4o-mini");
        assertThat(settings.agentName()).as("as the organization spells it").isEqualTo("Support writer");
        assertThat(apiKeys.modelChoices(acme)).contains("demo/demo-mini", "openrouter/openai/gpt-4o-mini")
                .doesNotContain("openai/gpt-4.1");
        assertThat(apiKeys.agentChoices(acme)).containsExactly("Code reviewer", "Support writer");
    }

    @Test
    void another_organizations_agent_is_not_one_of_this_organizations() {
        fixtures.agent("globex", "Globex helper", "Help.");

        assertThatThrownBy(() -> apiKeys.updateSettings(key, limitedTo(List.of(), "Globex helper")))
                .isInstanceOf(FieldRejectedException.class);
    }

    @Test
    void an_expiry_that_is_not_ahead_is_refused_and_no_key_is_created() {
        int before = jdbc.sql("select count(*) from api_key").query(Integer.class).single();

        assertThatThrownBy(() -> apiKeys.create(acme, "expired", Instant.now().minus(Duration.ofDays(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("The expiry must be in the future");
        assertThat(jdbc.sql("select count(*) from api_key").query(Integer.class).single()).isEqualTo(before);
    }
}
