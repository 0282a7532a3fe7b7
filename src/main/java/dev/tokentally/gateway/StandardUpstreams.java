package dev.tokentally.gateway;

import java.net.http.HttpRequest;
import java.util.Set;

import dev.tokentally.models.ProviderKind;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The kinds the gateway calls over plain HTTP with a key, each with the endpoints it serves and where they are. */
@Configuration(proxyBeanMethods = false)
class StandardUpstreams {

    static final String ANTHROPIC_VERSION = "2023-06-01";
    private static final Set<Endpoint> CHAT_AND_EMBEDDINGS = Set.of(Endpoint.CHAT_COMPLETIONS, Endpoint.EMBEDDINGS);

    @Bean
    UpstreamType openAiUpstream() {
        return new HttpUpstream(ProviderKind.OPENAI, Set.of(Endpoint.CHAT_COMPLETIONS, Endpoint.EMBEDDINGS,
                Endpoint.RESPONSES, Endpoint.COMPLETIONS), "/", false);
    }

    @Bean
    UpstreamType anthropicUpstream() {
        return new HttpUpstream(ProviderKind.ANTHROPIC, Set.of(Endpoint.CHAT_COMPLETIONS, Endpoint.EMBEDDINGS,
                Endpoint.MESSAGES), "/", false) {
            @Override
            HttpRequest.Builder headers(HttpRequest.Builder request, HttpServletRequest client) {
                String version = client.getHeader("anthropic-version");
                request.header("anthropic-version", version == null || version.isBlank() ? ANTHROPIC_VERSION : version);
                String beta = client.getHeader("anthropic-beta");
                if (beta != null && !beta.isBlank()) {
                    request.header("anthropic-beta", beta);
                }
                return request;
            }
        };
    }

    /** OpenRouter's models are named provider/model themselves: they are listed under their prefix. */
    @Bean
    UpstreamType openRouterUpstream() {
        return new HttpUpstream(ProviderKind.OPENROUTER, Set.of(Endpoint.CHAT_COMPLETIONS, Endpoint.EMBEDDINGS,
                Endpoint.COMPLETIONS), "/", true);
    }

    /** Gemini through Google's OpenAI-compatible API. */
    @Bean
    UpstreamType googleUpstream() {
        return new HttpUpstream(ProviderKind.GOOGLE, CHAT_AND_EMBEDDINGS, "/openai/", false);
    }

    @Bean
    UpstreamType ollamaUpstream() {
        return new HttpUpstream(ProviderKind.OLLAMA, Set.of(Endpoint.CHAT_COMPLETIONS, Endpoint.EMBEDDINGS,
                Endpoint.COMPLETIONS), "/v1/", false);
    }

    /** Any OpenAI-compatible server, whose models are listed under its name (several may serve one model name). */
    @Bean
    UpstreamType compatibleUpstream() {
        return new HttpUpstream(ProviderKind.COMPATIBLE, CHAT_AND_EMBEDDINGS, "/", true);
    }
}
