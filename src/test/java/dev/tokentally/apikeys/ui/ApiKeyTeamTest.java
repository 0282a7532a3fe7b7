package dev.tokentally.apikeys.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.textfield.TextField;
import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.ViewTest;
import dev.tokentally.usage.api.ApiHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

/** An org admin gives a key a team in its settings; what the key reports is then charged to that team. */
class ApiKeyTeamTest extends ViewTest {

    @Value("${local.server.port}")
    int port;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    @Test
    @WithUserDetails("admin@acme.test")
    void a_keys_team_set_in_its_settings_decides_the_team_of_what_it_reports() throws Exception {
        ApiKeysView view = navigate(ApiKeysView.class);
        test(view.create).click();
        NewApiKeyDialog created = $(NewApiKeyDialog.class).last();
        test(created.name).setValue("support desk");
        test(created.create).click();
        String secret = $(TextField.class).id("new-api-key-secret").getValue();
        button("Done").click();

        test((Button) test(view.grid).getCellComponent(0, "settings")).click();
        ApiKeySettingsDialog dialog = $(ApiKeySettingsDialog.class).last();
        assertThat(dialog.form.team.getListDataView().getItems().map(team -> team.name())).containsExactly("Research", "Support");
        test(dialog.form.team).selectItem("Support");
        test(dialog.save).click();

        // Alice's default team is Research: the key's team comes first.
        byte[] event = """
                {"idempotency_key": "desk-1", "provider": "openai", "model": "gpt-4o-mini", "input_tokens": 100,
                 "output_tokens": 50, "user": "alice@acme.test"}""".getBytes(StandardCharsets.UTF_8);
        assertThat(new ApiHttp(port).post("/api/v1/usage", secret, event).statusCode()).isEqualTo(201);
        assertThat(jdbc.sql("select t.slug from usage_event e join team t on t.id = e.team_id").query(String.class).list())
                .containsExactly("support");

        test((Button) test(view.grid).getCellComponent(0, "settings")).click();
        assertThat($(ApiKeySettingsDialog.class).last().form.team.getValue().name()).as("shown when reopened").isEqualTo("Support");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void a_key_cannot_be_given_another_organizations_team() {
        long key = apiKeys.create(fixtures.organization("acme"), "helpdesk", null).key().id();
        long globexTeam = fixtures.team("globex", "sales", "Sales");

        assertThatThrownBy(() -> apiKeys.updateSettings(key, ApiKeySettings.DEFAULTS, globexTeam))
                .isInstanceOf(FieldRejectedException.class).hasMessage("Choose a team of the organization");
        assertThat(apiKeys.team(key)).isEmpty();
    }
}
