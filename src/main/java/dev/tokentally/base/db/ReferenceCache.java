package dev.tokentally.base.db;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Rarely changing rows (prices, terms, keys, members) kept per instance, dropped whenever one of the
 * tables they come from changes on any instance (see {@link ReferenceChanges}). A load that raced with a
 * change is answered but not kept, so a cache never holds what was read before a change it heard of.
 * Null is never kept (keep absence as {@code Optional.empty()} where it is worth keeping).
 */
public final class ReferenceCache<K, V> {

    private final int maxEntries;
    private final Map<K, V> entries = new ConcurrentHashMap<>();
    /** How often it was asked, found or not: what a walk of a call counts as one lookup. */
    private final LongAdder asked = new LongAdder();
    private long generation;

    ReferenceCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    public V get(K key, Function<? super K, ? extends V> load) {
        asked.increment();
        V found = entries.get(key);
        if (found != null) {
            return found;
        }
        long before = generation();
        V loaded = load.apply(key);
        if (loaded != null) {
            synchronized (this) {
                if (generation == before) {
                    if (entries.size() >= maxEntries) {
                        entries.clear();
                    }
                    entries.put(key, loaded);
                }
            }
        }
        return loaded;
    }

    long asked() {
        return asked.sum();
    }

    private synchronized long generation() {
        return generation;
    }

    synchronized void clear() {
        generation++;
        entries.clear();
    }
}
