package dev.tokentally.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.tokentally.models.ProviderConnectionChange;
import dev.tokentally.models.ProviderConnections;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.testsupport.AnthropicStream;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.WireMockFake;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * OpenAI and Anthropic played by one WireMock server, answering in their own wire formats (streamed and not) as
 * ../shared/reference/PROVIDER_APIS.md shows them, with the platform's provider keys below.
 */
final class GatewayFakes extends WireMockFake {

    static final String OPENAI_KEY = "sk-proj-platform-openai-7d1e";
    static final String ANTHROPIC_KEY = "sk-ant-platform-anthropic-93b0";
    static final String GOOGLE_KEY = "AIza-platform-google-5c21";

    /** Points OpenAI and Anthropic at this fake and switches them on, as a platform admin does. */
    void connect(ProviderConnections connections, UserDetailsService users) {
        RunAs.user(users, "root@tokentally.test", () -> {
            connections.update(ProviderKind.OPENAI, new ProviderConnectionChange(true,
                    "http://localhost:" + server.port() + "/openai/v1", OPENAI_KEY, 10));
            return connections.update(ProviderKind.ANTHROPIC, new ProviderConnectionChange(true,
                    "http://localhost:" + server.port() + "/anthropic/v1/", ANTHROPIC_KEY, 10));
        });
    }

    /** Points Google Gemini (whose OpenAI-compatible API serves the catalog's embedding models) at this fake too. */
    void connectGoogle(ProviderConnections connections, UserDetailsService users) {
        RunAs.user(users, "root@tokentally.test", () -> connections.update(ProviderKind.GOOGLE, new ProviderConnectionChange(true,
                "http://localhost:" + server.port() + "/google/v1beta", GOOGLE_KEY, 10)));
    }

    static MappingBuilder googleEmbeddings() {
        return post(urlPathEqualTo("/google/v1beta/openai/embeddings"));
    }

    /** OpenAI's embeddings answer: a list of vectors, usage with prompt tokens only. */
    static String embeddings(String model, int promptTokens, String... vectors) {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < vectors.length; i++) {
            data.append(i == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(i)
                    .append(",\"embedding\":").append(vectors[i]).append('}');
        }
        return """
                {"object":"list","data":[%s],"model":"%s","usage":{"prompt_tokens":%d,"total_tokens":%d}}"""
                .formatted(data, model, promptTokens, promptTokens);
    }

    static MappingBuilder openAi() {
        return post(urlPathEqualTo("/openai/v1/chat/completions"));
    }

    static MappingBuilder anthropic() {
        return post(urlPathEqualTo("/anthropic/v1/messages"));
    }

    static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withHeader("x-request-id", "req_42")
                .withBody(body);
    }

    static ResponseDefinitionBuilder sse(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream; charset=utf-8").withBody(body);
    }

    static final String OPENAI_USAGE = """
            {"prompt_tokens":1200,"completion_tokens":350,"total_tokens":1550,\
            "prompt_tokens_details":{"cached_tokens":1024,"audio_tokens":0},\
            "completion_tokens_details":{"reasoning_tokens":128,"audio_tokens":0,\
            "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}""";

    static String openAiCompletion(String id, String usageJson) {
        return """
                {"id":"%s","object":"chat.completion","created":1763856000,"model":"gpt-4o-mini-2024-07-18",\
                "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there!","refusal":null,\
                "annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":%s,\
                "service_tier":"default","system_fingerprint":"fp_560af6e559"}""".formatted(id, usageJson);
    }

    /** OpenAI streaming with stream_options.include_usage: the usage comes in a last chunk with no choices. */
    static String openAiStream(String id, String... parts) {
        StringBuilder body = new StringBuilder();
        String head = "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1763856000,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_560af6e559\",";
        body.append("data: ").append(head).append("\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\","
                + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
        for (String part : parts) {
            body.append("data: ").append(head).append("\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").append(part)
                    .append("\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
        }
        body.append("data: ").append(head).append("\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,"
                + "\"finish_reason\":\"stop\"}],\"usage\":null}\n\n");
        body.append("data: ").append(head).append("\"choices\":[],\"usage\":").append(OPENAI_USAGE).append("}\n\n");
        body.append("data: [DONE]\n\n");
        return body.toString();
    }

    static String anthropicMessage(String id) {
        return """
                {"id":"%s","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",\
                "content":[{"type":"text","text":"Hello there!"}],"stop_reason":"end_turn","stop_sequence":null,\
                "usage":{"input_tokens":3,"cache_creation_input_tokens":12304,"cache_read_input_tokens":2048,\
                "cache_creation":{"ephemeral_5m_input_tokens":12000,"ephemeral_1h_input_tokens":304},\
                "output_tokens":550,"service_tier":"standard"}}""".formatted(id);
    }

    /** Anthropic streaming, with the cache writes split between five minutes and an hour. */
    static String anthropicStream(String id, String... parts) {
        return AnthropicStream.of(id, "claude-sonnet-4-5-20250929", 12_000, 304, parts);
    }
}
