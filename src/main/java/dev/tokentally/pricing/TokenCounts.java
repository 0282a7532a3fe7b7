package dev.tokentally.pricing;

/**
 * Token counts of one call exactly as its provider reported them; what each count includes depends
 * on the provider's {@link TokenSemantics}.
 */
public record TokenCounts(long input, long cachedInput, long cacheWrite5m, long cacheWrite1h,
                         long output, long reasoning, long requests) {

    public TokenCounts {
        if (input < 0 || cachedInput < 0 || cacheWrite5m < 0 || cacheWrite1h < 0 || output < 0 || reasoning < 0
                || requests < 0) {
            throw new IllegalArgumentException("Token counts cannot be negative");
        }
    }

    /** A single request with plain input and output and nothing cached. */
    public static TokenCounts of(long input, long output) {
        return new TokenCounts(input, 0, 0, 0, output, 0, 1);
    }
}
