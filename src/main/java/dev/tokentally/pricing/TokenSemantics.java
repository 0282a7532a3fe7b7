package dev.tokentally.pricing;

/**
 * How a provider counts: whether cached tokens are part of the input count and reasoning part of the
 * output count. Normalizing first lets every part be priced exactly once.
 */
public enum TokenSemantics {

    /** OpenAI, OpenRouter and most compatible APIs: cached (and cache-write) tokens inside the prompt
     * tokens, reasoning inside the completion tokens. */
    OPENAI("Cached inside input, reasoning inside output", true, true),
    /** Anthropic: {@code input_tokens} excludes cache reads and writes; thinking is inside output. */
    ANTHROPIC("Cache reads and writes outside input, reasoning inside output", false, true),
    /** Google Gemini: cached content inside the prompt count, thoughts reported beside the output. */
    GOOGLE("Cached inside input, reasoning outside output", true, false);

    private final String description;
    private final boolean cacheInsideInput;
    private final boolean reasoningInsideOutput;

    TokenSemantics(String description, boolean cacheInsideInput, boolean reasoningInsideOutput) {
        this.description = description;
        this.cacheInsideInput = cacheInsideInput;
        this.reasoningInsideOutput = reasoningInsideOutput;
    }

    /** How a provider counts; providers Tokentally does not know count like OpenAI. */
    public static TokenSemantics ofProvider(String code) {
        return switch (code) {
            case "anthropic", "bedrock" -> ANTHROPIC;
            case "google" -> GOOGLE;
            default -> OPENAI;
        };
    }

    public String description() {
        return description;
    }

    /** Whether cached and cache-write tokens are counted inside the input count. */
    public boolean cacheInsideInput() {
        return cacheInsideInput;
    }

    /** Whether reasoning tokens are counted inside the output count. */
    public boolean reasoningInsideOutput() {
        return reasoningInsideOutput;
    }

    /**
     * Splits a reported usage into disjoint parts. Counts that contradict each other (more cached
     * tokens than input, say) never produce a negative part: the including count is taken as at least
     * the included one.
     */
    public TokenParts normalize(TokenCounts usage) {
        long cached = usage.cachedInput() + usage.cacheWrite5m() + usage.cacheWrite1h();
        long uncachedInput = cacheInsideInput ? Math.max(0, usage.input() - cached) : usage.input();
        long textOutput = reasoningInsideOutput ? Math.max(0, usage.output() - usage.reasoning()) : usage.output();
        return new TokenParts(uncachedInput, usage.cachedInput(), usage.cacheWrite5m(), usage.cacheWrite1h(),
                textOutput, usage.reasoning(), usage.requests());
    }
}
