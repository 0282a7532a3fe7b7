package dev.tokentally.models;

import java.util.Optional;

import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.googleai.GoogleAiGeminiTokenUsage;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.tokentally.pricing.TokenCounts;

/**
 * The usage a provider reported with its answer, in the provider's own counting (see TokenSemantics):
 * OpenAI-style cached tokens inside the input, Anthropic cache reads and writes beside it, Gemini
 * thoughts beside the output. Empty when the provider reported none.
 */
public final class ResponseTokens {

    private ResponseTokens() {
    }

    public static Optional<TokenCounts> of(ChatResponse response) {
        dev.langchain4j.model.output.TokenUsage usage = response == null ? null : response.tokenUsage();
        if (usage == null || usage.inputTokenCount() == null || usage.outputTokenCount() == null) {
            return Optional.empty();
        }
        long input = usage.inputTokenCount();
        long output = usage.outputTokenCount();
        return Optional.of(switch (usage) {
            case OpenAiTokenUsage openAi -> new TokenCounts(input,
                    openAi.inputTokensDetails() == null ? 0 : zeroIfNull(openAi.inputTokensDetails().cachedTokens()), 0, 0,
                    output, openAi.outputTokensDetails() == null ? 0 : zeroIfNull(openAi.outputTokensDetails().reasoningTokens()), 1);
            case AnthropicTokenUsage anthropic -> new TokenCounts(input, zeroIfNull(anthropic.cacheReadInputTokens()),
                    zeroIfNull(anthropic.cacheCreationInputTokens()), 0, output, 0, 1);
            case GoogleAiGeminiTokenUsage gemini -> new TokenCounts(input, zeroIfNull(gemini.cachedContentTokenCount()), 0, 0,
                    output, zeroIfNull(gemini.thoughtsTokenCount()), 1);
            default -> TokenCounts.of(input, output);
        });
    }

    private static long zeroIfNull(Integer count) {
        return count == null ? 0 : count;
    }
}
