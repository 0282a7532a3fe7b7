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

    static MappingBuilder openAiResponses() {
        return post(urlPathEqualTo("/openai/v1/responses"));
    }

    static MappingBuilder openAiLegacyCompletions() {
        return post(urlPathEqualTo("/openai/v1/completions"));
    }

    /** The Responses API's usage: cached tokens inside the input, reasoning inside the output. */
    static final String RESPONSES_USAGE = """
            {"input_tokens":1200,"input_tokens_details":{"cached_tokens":1024},"output_tokens":350,\
            "output_tokens_details":{"reasoning_tokens":128},"total_tokens":1550}""";

    /** A reasoning model's response object: a reasoning item, then the message; usage null while in progress. */
    static String response(String id, String status, String text, String usageJson) {
        String output = text == null ? "" : """
                {"id":"rs_68af4030592c81938ec0a5fbab4a3e9f","type":"reasoning","summary":[]},\
                {"id":"msg_68af40337e9c8193b3d4d4bd5f1b8a1c","type":"message","status":"completed","role":"assistant",\
                "content":[{"type":"output_text","annotations":[],"logprobs":[],"text":"%s"}]}""".formatted(text);
        return """
                {"id":"%s","object":"response","created_at":1763856000,"status":"%s","background":false,"error":null,\
                "incomplete_details":null,"instructions":null,"max_output_tokens":2000,"max_tool_calls":null,\
                "model":"o4-mini-2025-04-16","output":[%s],"parallel_tool_calls":true,\
                "previous_response_id":"resp_previous_1","prompt_cache_key":null,\
                "reasoning":{"effort":"medium","summary":null},"safety_identifier":null,"service_tier":"default",\
                "store":false,"temperature":1.0,"text":{"format":{"type":"text"},"verbosity":"medium"},\
                "tool_choice":"auto","tools":[],"top_logprobs":0,"top_p":1.0,"truncation":"disabled","usage":%s,\
                "user":null,"metadata":{}}""".formatted(id, status, output, usageJson);
    }

    /**
     * A Responses stream as OpenAI sends it: named events, each with its type and sequence number; the reasoning item,
     * the message's text in deltas, and the usage only in response.completed.
     */
    static String responseStream(String id, String... parts) {
        String message = "msg_68af40337e9c8193b3d4d4bd5f1b8a1c";
        String text = String.join("", parts);
        java.util.List<String> events = new java.util.ArrayList<>();
        events.add("{\"type\":\"response.created\",\"response\":" + response(id, "in_progress", null, "null") + "}");
        events.add("{\"type\":\"response.in_progress\",\"response\":" + response(id, "in_progress", null, "null") + "}");
        events.add("{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"id\":\"rs_68af4030592c81938ec0a5fbab4a3e9f\","
                + "\"type\":\"reasoning\",\"summary\":[]}}");
        events.add("{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":{\"id\":\"rs_68af4030592c81938ec0a5fbab4a3e9f\","
                + "\"type\":\"reasoning\",\"summary\":[]}}");
        events.add("{\"type\":\"response.output_item.added\",\"output_index\":1,\"item\":{\"id\":\"" + message
                + "\",\"type\":\"message\",\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}}");
        String at = "\"item_id\":\"" + message + "\",\"output_index\":1,\"content_index\":0,";
        events.add("{\"type\":\"response.content_part.added\"," + at
                + "\"part\":{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":\"\"}}");
        for (String part : parts) {
            events.add("{\"type\":\"response.output_text.delta\"," + at + "\"delta\":\"" + part + "\",\"logprobs\":[],"
                    + "\"obfuscation\":\"Xq9\"}");
        }
        events.add("{\"type\":\"response.output_text.done\"," + at + "\"text\":\"" + text + "\",\"logprobs\":[]}");
        events.add("{\"type\":\"response.content_part.done\"," + at
                + "\"part\":{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":\"" + text + "\"}}");
        events.add("{\"type\":\"response.output_item.done\",\"output_index\":1,\"item\":{\"id\":\"" + message
                + "\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
                + "\"annotations\":[],\"logprobs\":[],\"text\":\"" + text + "\"}]}}");
        events.add("{\"type\":\"response.completed\",\"response\":" + response(id, "completed", text, RESPONSES_USAGE) + "}");
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            String event = events.get(i);
            String type = event.substring(9, event.indexOf('"', 9));
            body.append("event: ").append(type).append("\ndata: ").append(event, 0, event.length() - 1)
                    .append(",\"sequence_number\":").append(i).append("}\n\n");
        }
        return body.toString();
    }

    /** OpenAI's legacy text completion. */
    static String legacyCompletion(String id, String usageJson) {
        return """
                {"id":"%s","object":"text_completion","created":1763856000,"model":"gpt-4o-mini-2024-07-18",\
                "system_fingerprint":"fp_560af6e559","choices":[{"text":"Hello there!","index":0,"logprobs":null,\
                "finish_reason":"stop"}],"usage":%s}""".formatted(id, usageJson);
    }

    /** A legacy completion streamed with stream_options.include_usage: text chunks, then one with no choices and the usage. */
    static String legacyCompletionStream(String id, String... parts) {
        StringBuilder body = new StringBuilder();
        String head = "{\"id\":\"" + id + "\",\"object\":\"text_completion\",\"created\":1763856000,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_560af6e559\",";
        for (String part : parts) {
            body.append("data: ").append(head).append("\"choices\":[{\"text\":\"").append(part)
                    .append("\",\"index\":0,\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
        }
        body.append("data: ").append(head).append("\"choices\":[{\"text\":\"\",\"index\":0,\"logprobs\":null,"
                + "\"finish_reason\":\"stop\"}],\"usage\":null}\n\n");
        body.append("data: ").append(head).append("\"choices\":[],\"usage\":").append("""
                {"prompt_tokens":12,"completion_tokens":40,"total_tokens":52}""").append("}\n\n");
        body.append("data: [DONE]\n\n");
        return body.toString();
    }
}
