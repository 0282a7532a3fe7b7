package dev.tokentally.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.html.Pre;
import dev.tokentally.gateway.ui.GatewayView;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithUserDetails;

/** With {@code tokentally.public-url} set, the Gateway page's snippets say it, whatever address the browser used. */
class GatewayPublicUrlTest extends ViewTest {

    @Autowired
    GatewayGuide guide;

    @Test
    @WithUserDetails("alice@acme.test")
    void the_snippets_use_the_configured_public_url() {
        guide.setPublicUrl("https://llm.example.com/");
        try {
            navigate(GatewayView.class);

            assertThat($(Pre.class).id("snippet-curl").getText()).contains("curl https://llm.example.com/v1/chat/completions")
                    .doesNotContain("127.0.0.1").doesNotContain("localhost");
            assertThat($(Pre.class).id("snippet-anthropic-python").getText()).contains("base_url=\"https://llm.example.com\"");
        } finally {
            guide.setPublicUrl("");
        }
    }
}
