package dev.tokentally.chat;

import dev.tokentally.pricing.TokenParts;
import dev.tokentally.pricing.TokenSemantics;
import dev.tokentally.usage.UsageEvent;

/**
 * An answer's tokens as members read them, the same for every provider: all input (cached included) and
 * all output (reasoning included), with the cached and reasoning parts named.
 */
public record AnswerTokens(long input, long cachedInput, long cacheWrite, long output, long reasoning) {

    public static AnswerTokens of(UsageEvent event) {
        TokenParts parts = TokenSemantics.ofProvider(event.provider()).normalize(event.tokens());
        return new AnswerTokens(parts.totalInput(), parts.cacheRead(), parts.cacheWrite5m() + parts.cacheWrite1h(),
                parts.textOutput() + parts.reasoning(), parts.reasoning());
    }
}
