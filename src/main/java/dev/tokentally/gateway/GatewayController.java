package dev.tokentally.gateway;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The gateway's HTTP surface; bodies pass as bytes, so nothing a provider accepts is lost on the way. */
@RestController
class GatewayController {

    private final GatewayCalls calls;

    GatewayController(GatewayCalls calls) {
        this.calls = calls;
    }

    @PostMapping("/v1/chat/completions")
    void chatCompletions(HttpServletRequest request, HttpServletResponse response) throws IOException {
        calls.handle(Endpoint.CHAT_COMPLETIONS, request, response);
    }

    @PostMapping("/v1/messages")
    void messages(HttpServletRequest request, HttpServletResponse response) throws IOException {
        calls.handle(Endpoint.MESSAGES, request, response);
    }

    @PostMapping("/v1/embeddings")
    void embeddings(HttpServletRequest request, HttpServletResponse response) throws IOException {
        calls.handle(Endpoint.EMBEDDINGS, request, response);
    }

    @PostMapping("/v1/responses")
    void responses(HttpServletRequest request, HttpServletResponse response) throws IOException {
        calls.handle(Endpoint.RESPONSES, request, response);
    }

    @PostMapping("/v1/completions")
    void completions(HttpServletRequest request, HttpServletResponse response) throws IOException {
        calls.handle(Endpoint.COMPLETIONS, request, response);
    }

    /** Azure OpenAI's format: the deployment in the path (ours, or a model's name), our key in {@code api-key}. */
    @PostMapping("/openai/deployments/{deployment}/chat/completions")
    void azureChatCompletions(@PathVariable String deployment, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        calls.handle(Endpoint.CHAT_COMPLETIONS, deployment, request, response);
    }

    @GetMapping("/v1/models")
    void models(HttpServletRequest request, HttpServletResponse response) throws IOException {
        calls.models(request, response);
    }
}
