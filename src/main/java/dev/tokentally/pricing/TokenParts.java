package dev.tokentally.pricing;

/**
 * A usage split into disjoint parts, each priced once: uncached input, cache reads, cache writes,
 * visible output, reasoning, and requests. Every part is zero or more.
 */
public record TokenParts(long uncachedInput, long cacheRead, long cacheWrite5m, long cacheWrite1h,
                              long textOutput, long reasoning, long requests) {

    /** All input tokens of the request, cached or not: what a long-context threshold compares against. */
    public long totalInput() {
        return uncachedInput + cacheRead + cacheWrite5m + cacheWrite1h;
    }
}
