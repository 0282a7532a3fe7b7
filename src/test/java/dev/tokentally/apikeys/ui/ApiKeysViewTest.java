package dev.tokentally.apikeys.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.datepicker.DatePickerTester;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.textfield.TextField;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.base.ui.DateText;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.ViewTest;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

class ApiKeysViewTest extends ViewTest {

    @Autowired
    ApiKeys apiKeys;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_creates_a_key_sees_its_secret_once_and_revokes_it() {
        ApiKeysView view = navigate(ApiKeysView.class);

        NewApiKeyDialog dialog = newKey(view);
        test(dialog.name).setValue("helpdesk");
        test(dialog.create).click();

        String secret = $(TextField.class).id("new-api-key-secret").getValue();
        assertThat(secret).startsWith("tt_").hasSizeGreaterThan(40);
        assertThat(apiKeys.authenticate(secret)).isPresent();
        assertThat(jdbc.sql("select count(*) from api_key where secret_hash like ?").param("%" + secret + "%")
                .query(Integer.class).single()).as("the secret itself is not stored").isZero();
        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(test(view.grid).getCellText(0, 1)).isEqualTo(secret.substring(0, 8) + "…");

        test((Button) test(view.grid).getCellComponent(0, "actions")).click();
        test($(ConfirmDialog.class).last()).confirm();

        assertThat(apiKeys.authenticate(secret)).isEmpty();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void a_key_needs_a_name_on_one_line() {
        ApiKeysView view = navigate(ApiKeysView.class);

        NewApiKeyDialog dialog = newKey(view);
        test(dialog.create).click();

        assertThat(dialog.name.isInvalid()).isTrue();
        assertThat(dialog.name.getErrorMessage()).isEqualTo("Name is required");

        test(dialog.name).setValue("help\rdesk");
        test(dialog.create).click();
        assertThat(dialog.name.isInvalid()).isTrue();
        assertThat(dialog.name.getErrorMessage()).isEqualTo("No control characters such as tabs or line breaks");
        assertThat(jdbc.sql("select count(*) from api_key").query(Integer.class).single()).isZero();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_binds_a_key_to_the_gateway_a_model_a_member_and_a_rate() {
        ApiKeysView view = navigate(ApiKeysView.class);
        createKey(view, "helpdesk");
        button("Done").click();

        test((Button) test(view.grid).getCellComponent(0, "settings")).click();
        ApiKeySettingsForm dialog = $(ApiKeySettingsDialog.class).last().form;
        dialog.scopes.setValue(java.util.Set.of(dev.tokentally.apikeys.ApiKeySettings.GATEWAY));
        assertThat(dialog.models.getListDataView().getItems()).as("the models acme allows")
                .contains("demo/demo-mini", "openai/gpt-4o-mini").doesNotContain("openai/gpt-4.1");
        test(dialog.models).selectItem("demo/demo-mini", "openai/gpt-4o-mini");
        dialog.member.setValue(dialog.member.getListDataView().getItems()
                .filter(user -> user.getEmail().equals("alice@acme.test")).findFirst().orElseThrow());
        assertThat(dialog.agent.getListDataView().getItems()).containsExactly("Code reviewer", "Support writer");
        test(dialog.agent).selectItem("Support writer");
        dialog.requestsPerMinute.setValue(60);
        test($(ApiKeySettingsDialog.class).last().save).click();

        long keyId = fixtures.newestApiKey("acme");
        var settings = apiKeys.settings(keyId);
        assertThat(settings.scopes()).containsExactly("gateway");
        assertThat(settings.allowedModels()).containsExactly("demo/demo-mini", "openai/gpt-4o-mini");
        assertThat(settings.agentName()).isEqualTo("Support writer");
        assertThat(settings.requestsPerMinute()).isEqualTo(60);
        assertThat(settings.userId()).isEqualTo(fixtures.user("alice@acme.test"));
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_expiry_the_picker_cannot_read_or_in_the_past_is_refused_and_no_key_is_created() {
        ApiKeysView view = navigate(ApiKeysView.class);
        NewApiKeyDialog dialog = newKey(view);
        test(dialog.name).setValue("helpdesk");

        type(dialog.expires, "31/31/abcd");
        test(dialog.create).click();

        assertThat(dialog.expires.isInvalid()).isTrue();
        assertThat(dialog.expires.getErrorMessage()).isEqualTo(NewApiKeyDialog.NOT_A_DATE);
        assertThat(jdbc.sql("select count(*) from api_key").query(Integer.class).single()).isZero();
        assertThat(dialog.isOpened()).as("the dialog stays open with what was typed").isTrue();
        assertThat($(SecretDialog.class).all()).as("no secret shown").isEmpty();

        dialog.expires.setValue(java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1));
        test(dialog.create).click();

        assertThat(dialog.expires.isInvalid()).isTrue();
        assertThat(dialog.expires.getErrorMessage()).isEqualTo(NewApiKeyDialog.NOT_AHEAD);
        assertThat(jdbc.sql("select count(*) from api_key").query(Integer.class).single()).isZero();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void a_model_or_agent_the_organization_does_not_have_is_refused_on_its_field_and_nothing_changes() {
        ApiKeysView view = navigate(ApiKeysView.class);
        createKey(view, "helpdesk");
        button("Done").click();
        long keyId = fixtures.newestApiKey("acme");
        // Names saved before they were checked, or since taken away: shown, and refused when saved again.
        jdbc.sql("update api_key set allowed_models = '{openai/gpt-imaginary}', agent_name = 'gone-bot' where id = ?")
                .param(keyId).update();

        test((Button) test(view.grid).getCellComponent(0, "settings")).click();
        ApiKeySettingsDialog dialog = $(ApiKeySettingsDialog.class).last();
        dialog.form.requestsPerMinute.setValue(60);
        test(dialog.save).click();

        assertThat(dialog.form.models.isInvalid()).isTrue();
        assertThat(dialog.form.models.getErrorMessage()).isEqualTo("Not a model the organization allows: openai/gpt-imaginary");
        assertThat(jdbc.sql("select count(*) from api_key where id = ? and requests_per_minute is null").param(keyId)
                .query(Integer.class).single()).as("nothing saved").isEqualTo(1);

        dialog.form.models.clear();
        test(dialog.save).click();

        assertThat(dialog.form.agent.isInvalid()).isTrue();
        assertThat(dialog.form.agent.getErrorMessage()).isEqualTo("Not an agent of the organization: gone-bot");
        assertThat(jdbc.sql("select count(*) from api_key where id = ? and requests_per_minute is null").param(keyId)
                .query(Integer.class).single()).as("nothing saved").isEqualTo(1);
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void a_keys_times_are_shown_in_the_organizations_time_zone() {
        ApiKeysView view = navigate(ApiKeysView.class);
        createKey(view, "helpdesk");
        button("Done").click();

        java.time.Instant createdAt = jdbc.sql("select created_at from api_key where name = 'helpdesk'")
                .query(java.sql.Timestamp.class).single().toInstant();
        String berlin = DateText.DATE_TIME.withZone(ZoneId.of("Europe/Berlin")).format(createdAt);
        Grid.Column<?> created = view.grid.getColumns().stream().filter(column -> column.getHeaderText().startsWith("Created"))
                .findFirst().orElseThrow();
        assertThat(created.getHeaderText()).as("acme's own zone goes unsaid").isEqualTo("Created");
        assertThat(test(view.grid).getCellText(0, view.grid.getColumns().indexOf(created)))
                .as("acme is in Europe/Berlin").startsWith(berlin + " by ");
    }

    private NewApiKeyDialog newKey(ApiKeysView view) {
        test(view.create).click();
        return $(NewApiKeyDialog.class).last();
    }

    private void createKey(ApiKeysView view, String name) {
        NewApiKeyDialog dialog = newKey(view);
        test(dialog.name).setValue(name);
        test(dialog.create).click();
    }

    /** What the browser sends when the text typed into a date picker is not a date it can read. */
    private static void type(DatePicker picker, String text) {
        new DatePickerTester<DatePicker>(picker) {
            void typeUnparsable() {
                getComponent().getElement().setProperty("_inputElementValue", text);
                fireDomEvent("unparsable-change");
            }
        }.typeUnparsable();
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void members_cannot_open_api_keys() {
        assertDenied(ApiKeysView.class);
    }
}
