package dev.tokentally.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/embeddings}: forwarded as sent, billed per input token at the catalog's price, allowed like chat models. */
@TokentallyTest
class GatewayEmbeddingsTest extends GatewayTestSupport {

    static final String REQUEST = """
            {"model":"gemini-embedding-001","input":["The food was delicious and the waiter was kind."],
             "encoding_format":"float","dimensions":3,"user":"search-indexer"}""";

    @Test
    void an_embedding_call_reaches_the_provider_as_sent_comes_back_unchanged_and_is_billed_per_input_token() throws Exception {
        acmeMayEmbed();
        String answer = GatewayFakes.embeddings("gemini-embedding-001", 11, "[0.0023064255,-0.009327292,0.015797347]");
        fakes.server.stubFor(GatewayFakes.googleEmbeddings().willReturn(GatewayFakes.json(answer)));

        HttpResponse<String> response = embeddings(REQUEST);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(answer);
        fakes.server.verify(postRequestedFor(urlPathEqualTo("/google/v1beta/openai/embeddings"))
                .withHeader("Authorization", equalTo("Bearer " + GatewayFakes.GOOGLE_KEY)).withRequestBody(equalTo(REQUEST)));
        Map<String, Object> event = eventWithId(response.headers().firstValue("x-tokentally-event-id").orElseThrow());
        assertThat(event).containsEntry("source", "GATEWAY").containsEntry("provider", "google")
                .containsEntry("model", "gemini-embedding-001").containsEntry("input_tokens", 11L)
                .containsEntry("output_tokens", 0L).containsEntry("estimated", false)
                .containsEntry("external_user", "search-indexer");
        // USD 0.15 per 1M input tokens in the shipped price map
        BigDecimal raw = jdbc.sql("select raw_cost_usd from usage_event where id = ?::uuid")
                .param(response.headers().firstValue("x-tokentally-event-id").orElseThrow()).query(BigDecimal.class).single();
        assertThat(raw).isEqualByComparingTo("0.00000165");
        assertThat(new BigDecimal(response.headers().firstValue("x-tokentally-cost").orElseThrow()))
                .isEqualByComparingTo((BigDecimal) event.get("billed_cost")).isPositive();
    }

    @Test
    void an_embedding_model_the_organization_has_not_allowed_is_refused_with_403_before_the_provider_is_called() throws Exception {
        fakes.connectGoogle(connections, users);

        HttpResponse<String> response = embeddings(REQUEST);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(parse(response.body()).path("error").path("code").asString()).isEqualTo("model_not_allowed");
        assertThat(fakes.server.getAllServeEvents()).isEmpty();
        assertThat(gatewayEvents()).isZero();
    }

    @Test
    void a_key_limited_to_chat_models_may_not_call_an_embedding_model() throws Exception {
        acmeMayEmbed();
        settle(new ApiKeySettings(Set.of(ApiKeySettings.GATEWAY), List.of("gpt-4o-mini"), null, null, null, null));

        HttpResponse<String> response = embeddings(REQUEST);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(parse(response.body()).path("error").path("message").asString()).contains("This API key may not call");
        assertThat(fakes.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void chat_and_embedding_models_are_each_refused_at_the_others_endpoint() throws Exception {
        acmeMayEmbed();

        HttpResponse<String> chatAtEmbeddings = embeddings("""
                {"model":"gpt-4o-mini","input":"Hello"}""");
        HttpResponse<String> embeddingAtChat = chat("""
                {"model":"gemini-embedding-001","messages":[{"role":"user","content":"Hello"}]}""");

        assertThat(chatAtEmbeddings.statusCode()).isEqualTo(400);
        assertThat(parse(chatAtEmbeddings.body()).path("error").path("message").asString()).contains("not an embedding model");
        assertThat(embeddingAtChat.statusCode()).isEqualTo(400);
        assertThat(parse(embeddingAtChat.body()).path("error").path("message").asString()).contains("call /v1/embeddings");
        assertThat(fakes.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void embedding_models_are_listed_for_the_gateway_but_never_offered_in_the_chat() throws Exception {
        acmeMayEmbed();

        HttpResponse<String> models = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/v1/models"))
                .header("Authorization", "Bearer " + acmeKey).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(models.body()).contains("\"id\":\"gemini-embedding-001\"", "\"id\":\"gpt-4o-mini\"");
        assertThat(RunAs.user(users, "alice@acme.test", () -> modelAccess.choices()))
                .noneMatch(choice -> choice.name().equals("gemini-embedding-001"));
    }
}
