package dev.tokentally.models.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentally.models.ProviderKind;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

/** An organization admin connects the organization's own OpenAI account; the key is sealed and never shown back. */
class OwnProvidersViewTest extends ViewTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_adds_its_own_openai_key_which_is_sealed_and_shown_only_by_its_last_four_characters() {
        OwnProvidersView view = navigate(OwnProvidersView.class);
        test(view.kind).selectItem(ProviderKind.OPENAI.displayName());
        test(view.apiKey).setValue("sk-acme-own-secret-9f3d");
        test(view.save).click();

        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(test(view.grid).getCellText(0, 1)).isEqualTo("acme:openai");
        assertThat(test(view.grid).getCellText(0, 3)).isEqualTo("…9f3d");
        assertThat(jdbc.sql("select api_key_encrypted from organization_connection").query(String.class).single())
                .doesNotContain("sk-acme-own-secret");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void a_bad_address_is_marked_and_nothing_is_saved() {
        OwnProvidersView view = navigate(OwnProvidersView.class);
        test(view.kind).selectItem(ProviderKind.OPENAI.displayName());
        test(view.baseUrl).setValue("not a url");
        test(view.apiKey).setValue("sk-acme-own-secret-9f3d");
        test(view.save).click();

        assertThat(view.baseUrl.isInvalid()).isTrue();
        assertThat(jdbc.sql("select count(*) from organization_connection").query(Long.class).single()).isZero();
    }
}
