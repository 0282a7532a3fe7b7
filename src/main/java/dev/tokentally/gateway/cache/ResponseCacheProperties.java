package dev.tokentally.gateway.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The response cache's bounds: the largest answer it keeps (a larger one is passed on and not kept), how many answers
 * one organization may keep (the oldest make room), the time to live of a call that asks for caching without one of
 * its own (its key's or its route's), and the longest time to live any answer gets.
 */
@ConfigurationProperties("tokentally.gateway.cache")
public record ResponseCacheProperties(DataSize maxEntrySize, int maxEntriesPerOrganization, Duration defaultTtl, Duration maxTtl) {

    /** The database's own ceiling for one answer (V42). */
    static final long CEILING_BYTES = 16L * 1024 * 1024;

    public ResponseCacheProperties {
        if (maxEntrySize == null || maxEntrySize.toBytes() <= 0 || maxEntrySize.toBytes() > CEILING_BYTES) {
            throw new IllegalArgumentException("tokentally.gateway.cache.max-entry-size must be between 1B and 16MB, not " + maxEntrySize);
        }
        if (maxEntriesPerOrganization <= 0) {
            throw new IllegalArgumentException("tokentally.gateway.cache.max-entries-per-organization must be positive");
        }
        if (defaultTtl == null || defaultTtl.isNegative() || defaultTtl.isZero() || maxTtl == null || maxTtl.compareTo(defaultTtl) < 0) {
            throw new IllegalArgumentException("tokentally.gateway.cache.default-ttl must be positive and at most max-ttl");
        }
    }
}
