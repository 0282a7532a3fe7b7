package dev.tokentally.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.context.support.WithUserDetails;

class GatewayViewTest extends ViewTest {

    @Test
    @WithUserDetails("alice@acme.test")
    void a_member_sees_the_base_url_and_snippets_with_a_model_her_organization_may_use() {
        GatewayView view = navigate(GatewayView.class);

        assertThat(view.address.getText()).contains("http://localhost:8080/v1", "demo-mini");
        assertThat(view.curl.getText()).contains("http://localhost:8080/v1/chat/completions", "Authorization: Bearer",
                "http://localhost:8080/v1/messages", "x-api-key");
        assertThat(view.openAiPython.getText()).contains("base_url=\"http://localhost:8080/v1\"");
        assertThat(view.openAiJavaScript.getText()).contains("baseURL: \"http://localhost:8080/v1\"");
        assertThat(view.anthropicPython.getText()).contains("base_url=\"http://localhost:8080\"");
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void a_platform_admin_without_an_organization_is_not_shown_the_page() {
        assertDenied(GatewayView.class);
    }
}
