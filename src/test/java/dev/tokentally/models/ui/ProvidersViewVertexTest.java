package dev.tokentally.models.ui;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.button.Button;
import dev.tokentally.testsupport.VertexFake;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

/**
 * Google Vertex AI on the Providers page: a platform admin uploads (or pastes) a service account's JSON key with the
 * project and region; the key is sealed and never shown back; "Test connection" calls Gemini on Vertex with the token google-auth
 * got for the key and shows what the call cost.
 */
class ProvidersViewVertexTest extends ViewTest {

    @RegisterExtension
    static final VertexFake vertex = new VertexFake();

    @Autowired
    JdbcClient jdbc;

    /** Vertex's OpenAI-compatible stream for a Gemini model, asked for usage: 7 prompt tokens, 1 answer token. */
    static String stream() {
        String head = "{\"created\":1765130000,\"id\":\"vrtx-check-1\",\"model\":\"google/gemini-2.5-flash\","
                + "\"object\":\"chat.completion.chunk\",\"system_fingerprint\":\"\",";
        return "data: " + head + "\"choices\":[{\"delta\":{\"content\":\"OK\",\"role\":\"assistant\"},\"index\":0}]}\n\n"
                + "data: " + head + "\"choices\":[{\"delta\":{\"content\":\"\",\"role\":\"assistant\"},\"finish_reason\":\"stop\","
                + "\"index\":0}],\"usage\":{\"completion_tokens\":1,\"prompt_tokens\":7,\"total_tokens\":8}}\n\n"
                + "data: [DONE]\n\n";
    }

    VertexConnectionDialog edit(ProvidersView view) {
        test((Button) test(view.grid).getCellComponent(row(view), 6)).click();
        return $(VertexConnectionDialog.class).first();
    }

    int row(ProvidersView view) {
        for (int row = 0; row < test(view.grid).size(); row++) {
            if (test(view.grid).getCellText(row, 0).equals("Google Vertex AI")) {
                return row;
            }
        }
        throw new AssertionError("No Vertex row");
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void a_platform_admin_connects_vertex_with_an_uploaded_key_that_is_sealed_and_test_connection_shows_the_cost() {
        String key = vertex.serviceAccountJson();
        vertex.server.stubFor(VertexFake.openAiChat().withRequestBody(matchingJsonPath("$.model", equalTo("google/gemini-2.5-flash")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(stream())));
        ProvidersView view = navigate(ProvidersView.class);
        VertexConnectionDialog dialog = edit(view);
        test(dialog.enabled).click();
        test(dialog.project).setValue(VertexFake.PROJECT);
        test(dialog.region).setValue(VertexFake.REGION);
        test(dialog.baseUrl).setValue(vertex.baseUrl());
        test(dialog.keyFile).upload("acme-vertex-42-3c1a9f0e2b7d.json", "application/json",
                key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        test(button("Save")).click();

        assertThat(test(view.grid).getCellText(row(view), 1)).isEqualTo("Enabled");
        String sealed = jdbc.sql("select api_key_encrypted from provider_connection where provider_code = 'vertex'")
                .query(String.class).single();
        assertThat(sealed).doesNotContain("PRIVATE KEY").doesNotContain(VertexFake.CLIENT_EMAIL);
        assertThat(edit(view).serviceAccountJson.getValue()).as("the key is never shown back").isEmpty();
        test(button("Cancel")).click();

        test((Button) test(view.grid).getCellComponent(row(view), 7)).click();
        ConnectionTestDialog check = $(ConnectionTestDialog.class).first();
        assertThat(check.model.getValue()).isEqualTo("gemini-2.5-flash");
        test(button("Call")).click();

        // 7 × $0.30 + 1 × $2.50 per million tokens, gemini-2.5-flash's prices.
        assertThat(check.result.getText()).isEqualTo("Answered \"OK\" · 7 input + 1 output tokens · cost USD 0.0000046");
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void text_that_is_not_a_service_account_key_is_marked_and_nothing_is_saved() {
        ProvidersView view = navigate(ProvidersView.class);
        VertexConnectionDialog dialog = edit(view);
        test(dialog.enabled).click();
        test(dialog.project).setValue(VertexFake.PROJECT);
        test(dialog.region).setValue(VertexFake.REGION);
        test(dialog.serviceAccountJson).setValue("{\"type\":\"authorized_user\",\"client_id\":\"x\"}");
        test(button("Save")).click();

        assertThat(dialog.serviceAccountJson.isInvalid()).isTrue();
        assertThat(dialog.serviceAccountJson.getErrorMessage()).contains("Not a service account's JSON key");
        assertThat(jdbc.sql("select count(*) from vertex_connection").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select enabled from provider_connection where provider_code = 'vertex'").query(Boolean.class)
                .single()).isFalse();
    }
}
