package dev.tokentally.usage;

/** Where a usage event came from. */
public enum UsageSource {
    CHAT, API, SYNC, IMPORT, GATEWAY
}
