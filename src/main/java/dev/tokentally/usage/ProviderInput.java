package dev.tokentally.usage;

/** A provider's input tokens, cache reads and cache writes as the ledger holds them (in the provider's own counting). */
public record ProviderInput(String provider, long inputTokens, long cachedInputTokens, long cacheWriteTokens) {
}
