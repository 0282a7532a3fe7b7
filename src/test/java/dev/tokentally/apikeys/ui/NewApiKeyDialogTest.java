package dev.tokentally.apikeys.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.textfield.TextField;
import dev.tokentally.apikeys.ApiKeyBudgets;
import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

/** A key is created in one dialog with everything it may do, or not at all. */
class NewApiKeyDialogTest extends ViewTest {

    @Autowired
    ApiKeys apiKeys;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    @Test
    @WithUserDetails("admin@acme.test")
    void a_key_created_with_a_cache_time_to_live_has_its_gateway_answers_cached_that_long() {
        ApiKeysView view = navigate(ApiKeysView.class);
        NewApiKeyDialog dialog = open(view);

        test(dialog.name).setValue("cached");
        dialog.settings.cacheTtlSeconds.setValue(600);
        test(dialog.create).click();

        assertThat(dialog.isOpened()).isFalse();
        assertThat(apiKeys.settings(fixtures.newestApiKey("acme")).cacheTtlSeconds()).isEqualTo(600);
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void one_dialog_creates_a_key_with_scopes_chosen_models_team_expiry_limits_and_its_own_budget() {
        ApiKeysView view = navigate(ApiKeysView.class);
        NewApiKeyDialog dialog = open(view);
        LocalDate expiry = LocalDate.now(ZoneOffset.UTC).plusDays(30);

        test(dialog.name).setValue("helpdesk");
        dialog.expires.setValue(expiry);
        dialog.settings.scopes.setValue(Set.of(ApiKeySettings.GATEWAY));
        assertThat(dialog.settings.models.getListDataView().getItems()).as("chosen from the models acme allows, not typed")
                .contains("demo/demo-mini", "openai/gpt-4o-mini").doesNotContain("openai/gpt-4.1");
        test(dialog.settings.models).selectItem("openai/gpt-4o-mini");
        test(dialog.settings.team).selectItem("Support");
        test(dialog.settings.agent).selectItem("Support writer");
        dialog.settings.requestsPerMinute.setValue(30);
        dialog.settings.tokensPerMinute.setValue(20_000);
        dialog.budgetAmount.setValue(new BigDecimal("25.00"));
        dialog.budgetPeriod.setValue(ApiKeyBudgets.Period.WEEKLY);
        dialog.budgetHard.setValue(true);
        test(dialog.create).click();

        assertThat(dialog.isOpened()).isFalse();
        long keyId = fixtures.newestApiKey("acme");
        ApiKeySettings settings = apiKeys.settings(keyId);
        assertThat(settings.scopes()).containsExactly(ApiKeySettings.GATEWAY);
        assertThat(settings.allowedModels()).containsExactly("openai/gpt-4o-mini");
        assertThat(settings.agentName()).isEqualTo("Support writer");
        assertThat(settings.requestsPerMinute()).isEqualTo(30);
        assertThat(settings.tokensPerMinute()).isEqualTo(20_000);
        assertThat(apiKeys.team(keyId)).contains(fixtures.teamId("acme", "support"));
        assertThat(jdbc.sql("select expires_at from api_key where id = ?").param(keyId).query(java.sql.Timestamp.class).single()
                .toInstant()).isEqualTo(expiry.atStartOfDay(ZoneOffset.UTC).toInstant());
        Map<String, Object> budget = jdbc.sql("select scope, amount, period, enforcement from budget where api_key_id = ?")
                .param(keyId).query().singleRow();
        assertThat(budget).containsEntry("scope", "API_KEY").containsEntry("period", "WEEKLY").containsEntry("enforcement", "HARD");
        assertThat((BigDecimal) budget.get("amount")).isEqualByComparingTo("25");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void a_budget_the_budgets_refuse_is_shown_on_its_field_and_creates_no_key() {
        ApiKeysView view = navigate(ApiKeysView.class);
        NewApiKeyDialog dialog = open(view);

        test(dialog.name).setValue("helpdesk");
        dialog.budgetAmount.setValue(new BigDecimal("-5"));
        test(dialog.create).click();

        assertThat(dialog.budgetAmount.isInvalid()).isTrue();
        assertThat(dialog.budgetAmount.getErrorMessage()).isEqualTo("Amount must be more than 0");
        assertThat(dialog.isOpened()).isTrue();
        assertThat(jdbc.sql("select count(*) from api_key").query(Integer.class).single()).as("no key").isZero();
        assertThat(jdbc.sql("select count(*) from budget where scope = 'API_KEY'").query(Integer.class).single()).isZero();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void the_secret_is_shown_once_with_a_copy_button_and_a_warning() {
        ApiKeysView view = navigate(ApiKeysView.class);
        NewApiKeyDialog dialog = open(view);
        test(dialog.name).setValue("helpdesk");
        test(dialog.create).click();

        SecretDialog shown = $(SecretDialog.class).single();
        String secret = shown.secret.getValue();
        assertThat(apiKeys.authenticate(secret)).isPresent();
        assertThat(shown.copy.text()).as("the copy button copies the secret").isEqualTo(secret);
        assertThat(shown.getElement().getTextRecursively()).contains(SecretDialog.WARNING);
        test(shown.copy).click();
        assertThat(shown.copy.getText()).isEqualTo("Copied");

        button("Done").click();

        assertThat($(TextField.class).all().stream().map(TextField::getValue)).as("shown only once").doesNotContain(secret);
        assertThat(test(view.grid).getCellText(0, 1)).isEqualTo(secret.substring(0, 8) + "…");
        assertThat(((Button) test(view.grid).getCellComponent(0, "rotate")).getText()).isEqualTo("Rotate");
    }

    private NewApiKeyDialog open(ApiKeysView view) {
        test(view.create).click();
        return $(NewApiKeyDialog.class).last();
    }
}
