package dev.tokentally.gateway;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import dev.tokentally.models.BedrockConnection;
import dev.tokentally.models.CallSettings;
import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.models.ProviderConnections;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.pricing.TokenCounts;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * A gateway call to an AWS Bedrock model: the client's request (OpenAI's chat completions or Anthropic's messages:
 * turns, system, max tokens, temperature, top_p, stop) goes to Bedrock's Converse API (ConverseStream when the client
 * streams) through the AWS SDK, which signs it, as a {@link TranslatedUpstream}. Bedrock's refusals come back in the
 * client's error shape with Bedrock's status (ThrottlingException: 429, ValidationException: 400); they cost nothing.
 */
@Component
class BedrockUpstream implements UpstreamType {

    private static final String NAME = "Amazon Bedrock";

    private final BedrockConnection bedrock;
    private final Clock clock;

    BedrockUpstream(BedrockConnection bedrock, Clock clock) {
        this.bedrock = bedrock;
        this.clock = clock;
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.BEDROCK;
    }

    @Override
    public Set<Endpoint> endpoints() {
        return Set.of(Endpoint.CHAT_COMPLETIONS, Endpoint.EMBEDDINGS, Endpoint.MESSAGES);
    }

    /** Through the AWS SDK, which signs the call, from the request as JSON. */
    @Override
    public boolean ownClient(ChatModelChoice model, Endpoint endpoint) {
        return true;
    }

    @Override
    public boolean readsBody(ChatModelChoice model, Endpoint endpoint) {
        return true;
    }

    @Override
    public Upstream call(ProviderConnections.Credentials credentials, ChatModelChoice model, Endpoint endpoint, JsonNode request,
                         QueueInputStream.Deadlines deadlines) {
        return answer(credentials, model, endpoint, request, deadlines);
    }

    @Override
    public TokenCounts billed(TokenCounts reported, ChatModelChoice model, Endpoint endpoint) {
        return endpoint.format == WireFormat.OPENAI ? inBedrockCounting(reported) : reported;
    }

    /** {@code bedrock/<model id>} ({@code anthropic.claude-…}, {@code us.anthropic.claude-…}): its catalog model, called under that id. */
    @Override
    public Optional<ChatModelChoice> named(String name, Endpoint endpoint, List<ChatModelChoice> allowed, Names names) {
        String catalogName = BedrockConnection.catalogName(name);
        if (catalogName.equals(name)) {
            return Optional.empty();
        }
        return Optional.of(names.catalog(kind().code() + "/" + catalogName).via(kind(), kind().code(), name));
    }

    @Override
    public boolean knows(String name, Predicate<String> known) {
        return known.test(kind().code() + "/" + name) || known.test(kind().code() + "/" + BedrockConnection.catalogName(name));
    }

    /**
     * @throws Unanswered when Bedrock did not answer in time (it bills a call it received)
     * @throws GatewayException when Bedrock cannot be reached
     */
    Upstream answer(ProviderConnections.Credentials credentials, ChatModelChoice model, Endpoint endpoint, JsonNode request,
                    QueueInputStream.Deadlines deadlines) {
        QueueInputStream body = new QueueInputStream(deadlines);
        return TranslatedUpstream.answer(NAME, bedrock.model(credentials, CallSettings.of(model, null, null),
                        request.path("stream").asBoolean(false)), request, endpoint,
                DemoProvider.writer(endpoint, model.name(), body, request, clock.instant().getEpochSecond(), "bedrock"), body,
                deadlines);
    }

    /** Bedrock's usage in an OpenAI-format answer counts the cache inside the prompt; the ledger counts as Bedrock prices. */
    static TokenCounts inBedrockCounting(TokenCounts openAi) {
        long cache = openAi.cachedInput() + openAi.cacheWrite5m() + openAi.cacheWrite1h();
        return new TokenCounts(Math.max(0, openAi.input() - cache), openAi.cachedInput(), openAi.cacheWrite5m(),
                openAi.cacheWrite1h(), openAi.output(), openAi.reasoning(), openAi.requests());
    }
}
