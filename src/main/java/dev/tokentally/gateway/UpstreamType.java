package dev.tokentally.gateway;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.models.ProviderConnections;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.pricing.TokenCounts;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;

/**
 * What the gateway does differently for one kind of connection: the endpoints it serves, the request it is sent,
 * how its answer and usage are read and the names behind its prefix. Each kind has exactly one, a Spring bean that
 * {@link UpstreamTypes} collects; the kinds that are plain HTTP with a key share {@link HttpUpstream}.
 */
interface UpstreamType {

    ProviderKind kind();

    /** The gateway endpoints the kind serves (for some models only: see {@link #named}). */
    Set<Endpoint> endpoints();

    /** The answer of a kind that needs no connection (the offline demo model); empty: the call goes out. */
    default Optional<Upstream> offline(ChatModelChoice model, Endpoint endpoint, JsonNode body) {
        return Optional.empty();
    }

    /** Whether the call goes through the kind's own client ({@link #call}) instead of HTTP ({@link #request}). */
    default boolean ownClient(ChatModelChoice model, Endpoint endpoint) {
        return false;
    }

    /**
     * A call through the kind's own client (Bedrock's AWS SDK), which names no pause after a throttling.
     *
     * @throws Unanswered when the provider received the call but did not answer in time
     * @throws GatewayException when the provider cannot be reached
     */
    default Upstream call(ProviderConnections.Credentials credentials, ChatModelChoice model, Endpoint endpoint, JsonNode body,
                          QueueInputStream.Deadlines deadlines) {
        throw new UnsupportedOperationException(kind() + " is called over HTTP");
    }

    /**
     * The request for a call over HTTP, with the body as it is forwarded.
     *
     * @throws GatewayException when the connection cannot be authenticated (a token that cannot be had)
     */
    default HttpRequest request(ProviderConnections.Credentials credentials, ChatModelChoice model, Endpoint endpoint,
                                List<byte[]> body, HttpServletRequest client) {
        throw new UnsupportedOperationException(kind() + " calls through its own client");
    }

    /** An HTTP answer as the client gets it (a kind may put its refusals into the client's format). */
    default Upstream answer(Upstream upstream, WireFormat format) {
        return upstream;
    }

    /** The model name the forwarded body carries. */
    default String providerModel(ChatModelChoice model, Endpoint endpoint) {
        return model.name();
    }

    /** Whether the call needs its body as JSON (it is not forwarded as bytes but made anew from it: see {@link #call}). */
    default boolean readsBody(ChatModelChoice model, Endpoint endpoint) {
        return false;
    }

    /** The tokens the call is billed for, from those the answer reports in the endpoint's format. */
    default TokenCounts billed(TokenCounts reported, ChatModelChoice model, Endpoint endpoint) {
        return reported;
    }

    /** Whether {@code /v1/models} lists its models under their connection's prefix (their names alone are ambiguous). */
    default boolean listedWithPrefix() {
        return false;
    }

    /**
     * The model {@code <kind's code>/<name>} names when the kind gives its own meaning to the name (an Azure deployment,
     * a Bedrock model id), among those the organization allows; empty when the name is a catalog name like any other.
     *
     * @throws GatewayException as {@link ModelRoutes#resolve}
     */
    default Optional<ChatModelChoice> named(String name, Endpoint endpoint, List<ChatModelChoice> allowed, Names names) {
        return Optional.empty();
    }

    /** Whether some organization could call {@code <kind's code>/<name>}; {@code known}: whether the catalog knows a name. */
    default boolean knows(String name, Predicate<String> known) {
        return known.test(kind().code() + "/" + name);
    }

    /** How a kind's own names are checked against the catalog and the connections (see {@link #named}). */
    interface Names {

        /** The model a call naming {@code requested} (a catalog name) resolves to. @throws GatewayException as a call would */
        ChatModelChoice catalog(String requested);

        /** @throws GatewayException 503 when the model's connection is off, naming how to connect it */
        void requireConnected(ChatModelChoice model, String requested);
    }

    /** The provider, name and price the call is recorded under when the connection prices it itself (an Azure deployment). */
    default Optional<ModelRoutes.PricedAs> ownPrice(ChatModelChoice called) {
        return Optional.empty();
    }
}
