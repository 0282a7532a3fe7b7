package dev.tokentally.gateway;

import java.time.Clock;

import dev.tokentally.models.BedrockConnection;
import dev.tokentally.models.CallSettings;
import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.models.ProviderConnections;
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
class BedrockUpstream {

    private static final String NAME = "Amazon Bedrock";

    private final BedrockConnection bedrock;
    private final Clock clock;

    BedrockUpstream(BedrockConnection bedrock, Clock clock) {
        this.bedrock = bedrock;
        this.clock = clock;
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
