package dev.tokentally.models.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.textfield.PasswordField;
import dev.tokentally.models.ModelAccess;
import dev.tokentally.models.ProviderCircuits;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;

/** Providers (platform admin) and chat models (org admin), and who may not open them. */
class ModelAdminViewsTest extends ViewTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ModelAccess modelAccess;
    @Autowired
    UserDetailsService users;
    @Autowired
    ProviderCircuits circuits;

    @Test
    @WithUserDetails("root@tokentally.test")
    void a_platform_admin_enables_a_provider_with_a_key_that_is_never_shown_again() {
        ProvidersView view = navigate(ProvidersView.class);
        assertThat(test(view.grid).getCellText(0, 0)).isEqualTo("OpenAI");
        assertThat(test(view.grid).getCellText(0, 3)).isEqualTo("not set");

        test((Button) test(view.grid).getCellComponent(0, 6)).click();
        test($(Checkbox.class).withCaption("Enabled").first()).click();
        test(button("Save")).click();
        assertThat(notificationText()).isEqualTo("OpenAI needs an API key before it can be enabled");

        test($(PasswordField.class).first()).setValue("sk-proj-0123456789-LAST");
        test(button("Save")).click();

        assertThat(test(view.grid).getCellText(0, 1)).isEqualTo("Enabled");
        assertThat(test(view.grid).getCellText(0, 3)).isEqualTo("set (…LAST)");
        assertThat(jdbc.sql("select api_key_encrypted from provider_connection where provider_code = 'openai'")
                .query(String.class).single()).doesNotContain("0123456789");
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void a_platform_admin_sees_which_models_are_paused_after_failures_and_the_provider_still_enabled() {
        for (int i = 0; i < 5; i++) {
            circuits.failed(ProviderCircuits.Circuit.platform(ProviderKind.DEMO, "demo-mini"));
        }
        ProvidersView view = navigate(ProvidersView.class);
        int demo = IntStream.range(0, test(view.grid).size())
                .filter(row -> test(view.grid).getCellText(row, 0).equals(ProviderKind.DEMO.displayName())).findFirst().orElseThrow();

        assertThat(test(view.grid).getCellText(demo, 1)).isEqualTo("Enabled — paused after failures: demo-mini");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_decides_which_models_members_may_use() {
        ChatModelsView view = navigate(ChatModelsView.class);
        test(view.search).setValue("demo-mini");
        Checkbox allowed = (Checkbox) test(view.grid).getCellComponent(0, 0);
        assertThat(allowed.getValue()).isTrue();

        test(allowed).click();

        assertThat(RunAs.user(users, "alice@acme.test", () -> modelAccess.choices()))
                .noneMatch(choice -> choice.name().equals("demo-mini"));
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void org_admins_cannot_open_providers() {
        assertDenied(ProvidersView.class);
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void members_cannot_open_chat_models() {
        assertDenied(ChatModelsView.class);
    }
}
