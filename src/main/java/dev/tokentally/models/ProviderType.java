package dev.tokentally.models;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.PricedModel;
import org.springframework.core.env.Environment;

/**
 * What the chat, the Providers page and the start-up do differently for one kind of connection: its chat client, its
 * {@code TOKENTALLY_PROVIDERS_<KIND>_*} variables, how a Test connection names and prices a model. Each kind has
 * exactly one, a Spring bean that {@link ProviderTypes} collects; the gateway's part is the gateway's
 * {@code UpstreamType}. The kinds that are a key and a base URL share {@link StandardProviderTypes}.
 */
public interface ProviderType {

    ProviderKind kind();

    /**
     * The LangChain4j client for one chat call through a connection of the kind.
     *
     * @throws ProviderUnavailableException when the connection cannot be used (a token that cannot be had)
     */
    StreamingChatModel chatModel(ProviderConnections.Credentials credentials, CallSettings call, Duration timeout);

    /** Enables the kind's connections that the environment names, at every start-up; a refused one is logged and left. */
    void configureFrom(Environment environment);

    /** The environment variable that connects the connection, for the messages that say how to. */
    default String connectingVariable(String connection) {
        return "TOKENTALLY_PROVIDERS_" + kind().name() + "_API_KEY";
    }

    /** The price of the model a Test connection names (a model's name, an Azure deployment, a Bedrock model id). */
    default Optional<PricedModel> priced(String connection, String name, PriceLookup prices) {
        return prices.model(kind().single() ? kind().code() : connection, name);
    }

    /** The deployment a Test connection calls when the name it is given is one; null: the kind has none. */
    default String deployment(String name) {
        return null;
    }

    /** The model as the platform serves it when a platform admin prefers the kind for it (Azure, Vertex); else as given. */
    default ChatModelChoice preferred(ChatModelChoice model) {
        return model;
    }

    /** The catalog models the connection serves that the demo organization may use in demo mode beside its own. */
    default Set<Long> demoModels(String connection, PriceLookup prices, int limit) {
        return Set.of();
    }

    /** The model a Test connection calls unless the admin names another; blank: none to suggest. */
    default String sampleModel(String connection) {
        return "";
    }
}
