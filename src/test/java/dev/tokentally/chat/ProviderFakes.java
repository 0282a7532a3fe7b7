package dev.tokentally.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

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
 * One WireMock server playing every chat provider, each under its own path, with streamed answers in the
 * providers' own wire formats (see ../shared/reference/PROVIDER_APIS.md), so the real LangChain4j clients
 * parse them.
 */
final class ProviderFakes extends WireMockFake {

    static final String OPENAI_KEY = "sk-proj-test-openai-4f2a9c";

    String baseUrl(ProviderKind kind) {
        String root = "http://localhost:" + server.port();
        return switch (kind) {
            case OPENAI -> root + "/openai/v1";
            case ANTHROPIC -> root + "/anthropic/v1/";
            case OPENROUTER -> root + "/openrouter/api/v1";
            case GOOGLE -> root + "/google/v1beta";
            case OLLAMA -> root + "/ollama";
            case AZURE -> root + "/azure";
            case COMPATIBLE -> root + "/compatible/v1";
            case BEDROCK -> root;
            case VERTEX -> root + "/vertex";
            case DEMO -> null;
        };
    }

    /** Points the provider at this fake and switches it on, as a platform admin does. */
    void connect(ProviderConnections connections, UserDetailsService users, ProviderKind kind, int timeoutSeconds) {
        RunAs.user(users, "root@tokentally.test", () -> connections.update(kind, new ProviderConnectionChange(true,
                baseUrl(kind), kind.needsApiKey() ? (kind == ProviderKind.OPENAI ? OPENAI_KEY : "key-" + kind.code()) : null,
                timeoutSeconds)));
    }

    static MappingBuilder chatRequest(ProviderKind kind) {
        return switch (kind) {
            case OPENAI -> post(urlPathEqualTo("/openai/v1/chat/completions"));
            case OPENROUTER -> post(urlPathEqualTo("/openrouter/api/v1/chat/completions"));
            case ANTHROPIC -> post(urlPathEqualTo("/anthropic/v1/messages"));
            case GOOGLE -> post(urlPathMatching("/google/v1beta/models/.*:streamGenerateContent"));
            case OLLAMA -> post(urlPathEqualTo("/ollama/api/chat"));
            case AZURE -> post(urlPathMatching("/azure/openai/deployments/[^/]+/chat/completions"));
            case COMPATIBLE -> post(urlPathEqualTo("/compatible/v1/chat/completions"));
            case BEDROCK -> post(urlPathMatching("/model/[^/]+/converse-stream"));
            case VERTEX -> post(urlPathMatching("/vertex/v1/projects/[^/]+/locations/[^/]+/endpoints/openapi/chat/completions"));
            case DEMO -> throw new IllegalArgumentException("The demo needs no fake");
        };
    }

    static ResponseDefinitionBuilder sse(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body);
    }

    /** OpenAI streaming with stream_options.include_usage: the usage comes in a last chunk with no choices. */
    static String openAiStream(String id, String model, String usageJson, String... parts) {
        StringBuilder body = new StringBuilder();
        String head = "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1763856000,\"model\":\"" + model
                + "\",\"system_fingerprint\":\"fp_b376dfbbd5\",";
        body.append("data: ").append(head).append("\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\","
                + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
        for (String part : parts) {
            body.append("data: ").append(head).append("\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").append(part)
                    .append("\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
        }
        body.append("data: ").append(head).append("\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,"
                + "\"finish_reason\":\"stop\"}],\"usage\":null}\n\n");
        body.append("data: ").append(head).append("\"choices\":[],\"usage\":").append(usageJson).append("}\n\n");
        body.append("data: [DONE]\n\n");
        return body.toString();
    }

    static final String OPENAI_USAGE = """
            {"prompt_tokens":1200,"completion_tokens":350,"total_tokens":1550,\
            "prompt_tokens_details":{"cached_tokens":1024,"audio_tokens":0},\
            "completion_tokens_details":{"reasoning_tokens":128,"audio_tokens":0,\
            "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}""";

    static final String OPENROUTER_USAGE = """
            {"prompt_tokens":10,"completion_tokens":15,"total_tokens":25,\
            "prompt_tokens_details":{"cached_tokens":2,"cache_write_tokens":0},\
            "completion_tokens_details":{"reasoning_tokens":5},"cost":0.0012,"is_byok":false}""";

    /** Anthropic streaming, every cache write kept five minutes. */
    static String anthropicStream(String id, String... parts) {
        return AnthropicStream.of(id, "claude-sonnet-4-20250514", 12_304, 0, parts);
    }

    /** Gemini's streamGenerateContent?alt=sse: every chunk carries the usage so far, the last one the total. */
    static String geminiStream(String... parts) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            body.append("data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"").append(parts[i])
                    .append("\"}],\"role\": \"model\"},").append(last ? "\"finishReason\": \"STOP\"," : "")
                    .append("\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 120,\"candidatesTokenCount\": ")
                    .append(last ? 40 : i + 1).append(",\"totalTokenCount\": ").append(last ? 190 : 121 + i)
                    .append(last ? ",\"cachedContentTokenCount\": 64,\"thoughtsTokenCount\": 30" : "")
                    .append(",\"promptTokensDetails\": [{\"modality\": \"TEXT\",\"tokenCount\": 120}]},")
                    .append("\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"mFoiaaHRLp6KmNAP5uGWqAw\"}\n\n");
        }
        return body.toString();
    }

    /** Ollama's /api/chat: one JSON object per line, the last with done=true and the counts. */
    static String ollamaStream(String... parts) {
        StringBuilder body = new StringBuilder();
        for (String part : parts) {
            body.append("{\"model\":\"llama3.2\",\"created_at\":\"2026-11-23T08:52:19.385406455Z\",\"message\":{\"role\":"
                    + "\"assistant\",\"content\":\"").append(part).append("\"},\"done\":false}\n");
        }
        body.append("{\"model\":\"llama3.2\",\"created_at\":\"2026-11-23T08:52:19.9Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"\"},\"done_reason\":\"stop\",\"done\":true,\"total_duration\":4883583458,"
                + "\"load_duration\":1334875,\"prompt_eval_count\":26,\"prompt_eval_duration\":342546000,"
                + "\"eval_count\":282,\"eval_duration\":4535599000}\n");
        return body.toString();
    }
}
