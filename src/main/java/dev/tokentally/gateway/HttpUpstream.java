package dev.tokentally.gateway;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Set;

import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.models.ProviderConnections;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.models.Urls;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A kind the gateway calls over plain HTTP at {@code <base URL><path prefix><endpoint>} with its key as a bearer token
 * ({@code x-api-key} on Anthropic's Messages API). {@link StandardUpstreams} declares the kinds that need nothing else;
 * a kind with its own path or authentication extends it.
 */
class HttpUpstream implements UpstreamType {

    private final ProviderKind kind;
    private final Set<Endpoint> endpoints;
    private final String pathPrefix;
    private final boolean listedWithPrefix;

    HttpUpstream(ProviderKind kind, Set<Endpoint> endpoints, String pathPrefix, boolean listedWithPrefix) {
        this.kind = kind;
        this.endpoints = endpoints;
        this.pathPrefix = pathPrefix;
        this.listedWithPrefix = listedWithPrefix;
    }

    @Override
    public ProviderKind kind() {
        return kind;
    }

    @Override
    public Set<Endpoint> endpoints() {
        return endpoints;
    }

    @Override
    public boolean listedWithPrefix() {
        return listedWithPrefix;
    }

    @Override
    public HttpRequest request(ProviderConnections.Credentials credentials, ChatModelChoice model, Endpoint endpoint,
                               List<byte[]> body, HttpServletRequest client) {
        HttpRequest.Builder request = post(Urls.trimmed(credentials.baseUrl()) + path(credentials, model, endpoint), body);
        if (credentials.apiKey() != null) {
            authenticate(request, credentials, endpoint);
        }
        return headers(request, client).build();
    }

    /** The path below the base URL. */
    String path(ProviderConnections.Credentials credentials, ChatModelChoice model, Endpoint endpoint) {
        return pathPrefix + endpoint.path;
    }

    /** Adds the key (there is one). */
    void authenticate(HttpRequest.Builder request, ProviderConnections.Credentials credentials, Endpoint endpoint) {
        if (endpoint == Endpoint.MESSAGES) {
            request.header("x-api-key", credentials.apiKey());
        } else {
            request.header("Authorization", "Bearer " + credentials.apiKey());
        }
    }

    /** Adds the headers of the client's the provider reads. */
    HttpRequest.Builder headers(HttpRequest.Builder request, HttpServletRequest client) {
        return request;
    }

    /** A POST of the body as JSON; no request timeout here: the gateway's own first-byte, idle and total timeouts apply. */
    static HttpRequest.Builder post(String url, List<byte[]> body) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArrays(body),
                        body.stream().mapToLong(chunk -> chunk.length).sum()));
    }
}
