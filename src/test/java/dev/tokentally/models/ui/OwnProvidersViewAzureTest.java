package dev.tokentally.models.ui;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.testsupport.ViewTest;
import dev.tokentally.testsupport.WireMockFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

/** An organization admin connects the organization's own Azure OpenAI resource with its deployments, and tests it. */
class OwnProvidersViewAzureTest extends ViewTest {

    static final class Server extends WireMockFake {
    }

    @RegisterExtension
    static final Server server = new Server();

    @Autowired
    JdbcClient jdbc;

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_adds_its_own_azure_resource_with_deployments_and_tests_a_deployment() {
        OwnProvidersView view = navigate(OwnProvidersView.class);
        test(view.kind).selectItem(ProviderKind.AZURE.displayName());
        assertThat(view.deployments.isVisible()).isTrue();
        test(view.baseUrl).setValue(server.server.baseUrl() + "/acme-azure");
        test(view.apiKey).setValue("acme-azure-key-31c8");
        test(view.apiVersion).setValue("2024-10-21");
        test(view.deployments).setValue("acme-4o=gpt-4o=1/2");
        test(view.save).click();
        assertThat(view.deployments.isInvalid()).isTrue();
        assertThat(jdbc.sql("select count(*) from organization_connection").query(Long.class).single()).isZero();

        test(view.deployments).setValue("acme-4o=gpt-4o");
        test(view.save).click();

        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(test(view.grid).getCellText(0, 1)).isEqualTo("acme:azure");
        assertThat(test(view.grid).getCellText(0, 3)).isEqualTo("…31c8");

        server.server.stubFor(post(urlPathEqualTo("/acme-azure/openai/deployments/acme-4o/chat/completions"))
                .withQueryParam("api-version", equalTo("2024-10-21")).withHeader("api-key", equalTo("acme-azure-key-31c8"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(ProvidersViewConnectionsTest.stream())));
        HorizontalLayout actions = (HorizontalLayout) test(view.grid).getCellComponent(0, 5);
        test((Button) actions.getComponentAt(1)).click();
        ConnectionTestDialog dialog = $(ConnectionTestDialog.class).first();
        test(dialog.model).setValue("acme-4o");
        test(button("Call")).click();

        // gpt-4o: 16 × $2.50 + 1 × $10 per million tokens.
        assertThat(dialog.result.getText()).isEqualTo("Answered \"OK\" · 16 input + 1 output tokens · cost USD 0.00005");
    }
}
