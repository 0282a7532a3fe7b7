package dev.tokentally.pricing;

/** The parts a usage is priced in; tokens are priced per 1M, requests per request. */
public enum CostPart {
    INPUT("Input"),
    CACHED_INPUT("Cached input"),
    CACHE_WRITE_5M("Cache write (5 min)"),
    CACHE_WRITE_1H("Cache write (1 h)"),
    OUTPUT("Output"),
    REASONING("Reasoning"),
    REQUESTS("Requests");

    private final String label;

    CostPart(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
