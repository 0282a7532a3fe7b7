package dev.tokentally.models.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;

import com.vaadin.flow.component.button.Button;
import dev.tokentally.models.ProviderConnections;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

/** A platform admin adds a second OpenAI key on the Providers page, edits it there, and a bad name saves nothing. */
class ProvidersViewNamedConnectionsTest extends ViewTest {

    @Autowired
    ProviderConnections connections;
    @Autowired
    JdbcClient jdbc;

    int row(ProvidersView view, String provider) {
        return IntStream.range(0, test(view.grid).size()).filter(row -> test(view.grid).getCellText(row, 0).equals(provider))
                .findFirst().orElseThrow();
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void a_platform_admin_adds_a_second_openai_connection_with_its_own_key_and_a_bad_name_is_marked() {
        ProvidersView view = navigate(ProvidersView.class);
        test(view.addNamed).click();
        NamedConnectionDialog dialog = $(NamedConnectionDialog.class).first();
        test(dialog.kind).selectItem(ProviderKind.OPENAI.displayName());
        test(dialog.name).setValue("OpenAI EU");
        test(dialog.apiKey).setValue("sk-proj-second-openai-key-5e6f");
        test(button("Save")).click();
        assertThat(dialog.name.isInvalid()).isTrue();
        assertThat(dialog.name.getErrorMessage()).contains("Lower-case");
        assertThat(jdbc.sql("select count(*) from provider_connection where kind = 'openai'").query(Long.class).single()).isOne();

        test(dialog.name).setValue("openai-eu");
        test(button("Save")).click();

        int row = row(view, "openai-eu · OpenAI");
        assertThat(test(view.grid).getCellText(row, 1)).isEqualTo("Enabled");
        assertThat(test(view.grid).getCellText(row, 3)).isEqualTo("set (…5e6f)");
        assertThat(connections.credentials("openai-eu").orElseThrow().apiKey()).isEqualTo("sk-proj-second-openai-key-5e6f");
        assertThat(test(view.grid).getCellText(row(view, "OpenAI"), 3)).as("the kind's own connection is untouched").isEqualTo("not set");

        test((Button) test(view.grid).getCellComponent(row, 6)).click();
        NamedConnectionDialog edit = $(NamedConnectionDialog.class).last();
        assertThat(edit.name.isReadOnly()).isTrue();
        test(edit.baseUrl).setValue("https://eu.api.openai.com/v1");
        test(button("Save")).click();

        assertThat(connections.credentials("openai-eu").orElseThrow().baseUrl()).isEqualTo("https://eu.api.openai.com/v1");
        assertThat(connections.credentials(ProviderKind.OPENAI)).isEmpty();
    }
}
