package dev.tokentally.models.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

/** An organization admin connects the team's own vLLM from the own-providers page, with the organization's prices. */
class OwnProvidersViewCompatibleTest extends ViewTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_adds_its_own_vllm_with_its_models_and_edits_it_without_seeing_the_key() {
        OwnProvidersView view = navigate(OwnProvidersView.class);
        test(view.compatibleForm.name).setValue("team-vllm");
        test(view.compatibleForm.baseUrl).setValue("http://vllm.acme.internal:8000/v1");
        test(view.compatibleForm.apiKey).setValue("vllm-acme-secret-77ab");
        test(view.compatibleForm.models).setValue("llama-3.1-8b=0.3/0.6,qwen-local");
        test(view.compatibleForm.save).click();

        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(test(view.grid).getCellText(0, 1)).isEqualTo("acme:team-vllm");
        assertThat(test(view.grid).getCellText(0, 3)).isEqualTo("…77ab");
        assertThat(jdbc.sql("select api_key_encrypted from organization_connection").query(String.class).single())
                .doesNotContain("vllm-acme-secret");

        test(view.compatibleForm.models).setValue("");
        view.compatibleForm.edit(view.grid.getListDataView().getItem(0));
        assertThat(view.compatibleForm.models.getValue()).contains("llama-3.1-8b=0.3/0.6", "qwen-local");
        assertThat(view.compatibleForm.apiKey.getValue()).isEmpty();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void a_bad_address_is_marked_on_the_server_form_and_nothing_is_saved() {
        OwnProvidersView view = navigate(OwnProvidersView.class);
        test(view.compatibleForm.name).setValue("team-vllm");
        test(view.compatibleForm.baseUrl).setValue("not a url");
        test(view.compatibleForm.save).click();

        assertThat(view.compatibleForm.baseUrl.isInvalid()).isTrue();
        assertThat(jdbc.sql("select count(*) from organization_connection").query(Long.class).single()).isZero();
    }
}
