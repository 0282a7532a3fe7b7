package dev.tokentally.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.mocks.MockHttpEnvironment;
import com.vaadin.flow.component.html.Pre;
import dev.tokentally.base.ui.CopyButton;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.context.support.WithUserDetails;

class GatewayViewTest extends ViewTest {

    /** The simulated browser reaches the page at http://127.0.0.1:8080 (the configured base URL is localhost). */
    private static final String BROWSER = "http://127.0.0.1:8080";

    @Test
    @WithUserDetails("alice@acme.test")
    void a_member_sees_the_base_url_and_snippets_with_a_model_her_organization_may_use() {
        GatewayView view = navigate(GatewayView.class);

        assertThat(view.address.getText()).contains(BROWSER + "/v1", "demo-mini");
        assertThat(view.curl.getText()).contains(BROWSER + "/v1/chat/completions", "Authorization: Bearer",
                BROWSER + "/v1/messages", "x-api-key");
        assertThat(view.openAiPython.getText()).contains("base_url=\"" + BROWSER + "/v1\"");
        assertThat(view.openAiJavaScript.getText()).contains("baseURL: \"" + BROWSER + "/v1\"");
        assertThat(view.anthropicPython.getText()).contains("base_url=\"" + BROWSER + "\"");
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void the_snippets_use_the_address_the_browser_reached_the_page_at_not_localhost() {
        int before = MockHttpEnvironment.INSTANCE.getServerPort();
        MockHttpEnvironment.INSTANCE.setServerPort(9443);
        try {
            GatewayView view = navigate(GatewayView.class);

            assertThat(view.curl.getText()).contains("curl http://127.0.0.1:9443/v1/chat/completions")
                    .doesNotContain("localhost");
            assertThat(view.responses.getText()).contains("curl http://127.0.0.1:9443/v1/responses");
        } finally {
            MockHttpEnvironment.INSTANCE.setServerPort(before);
        }
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void every_snippet_has_a_copy_button_that_copies_it_and_scrolls_inside_its_box() {
        GatewayView view = navigate(GatewayView.class);

        assertThat(view.responses.getText()).contains("/v1/responses", "\"input\": \"Hello\"");
        for (Pre snippet : new Pre[] {view.curl, view.responses, view.openAiPython, view.openAiJavaScript, view.anthropicPython}) {
            String id = snippet.getId().orElseThrow().replaceFirst("^snippet-", "");
            CopyButton copy = $(CopyButton.class).id("copy-" + id);
            assertThat(copy.text()).as(id).isEqualTo(snippet.getText());
            assertThat(snippet.getStyle().get("overflow-x")).as(id + " scrolls inside its box").isEqualTo("auto");
            assertThat(snippet.getStyle().get("max-width")).isEqualTo("100%");
        }
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void a_platform_admin_without_an_organization_is_not_shown_the_page() {
        assertDenied(GatewayView.class);
    }
}
