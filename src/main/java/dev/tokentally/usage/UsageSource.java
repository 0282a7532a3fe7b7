package dev.tokentally.usage;

/** Where a usage event came from. */
public enum UsageSource {
    CHAT, API, SYNC, IMPORT, GATEWAY;

    /**
     * Starts the idempotency key of every call the gateway records: the gateway's own key space, which no other source
     * may use, so that a report sent ahead of the gateway's own (with a response id read from a stream) cannot take
     * a call's place in the ledger.
     */
    public static final String GATEWAY_KEY_PREFIX = "gw:";
}
