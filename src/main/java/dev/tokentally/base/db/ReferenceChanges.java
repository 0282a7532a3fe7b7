package dev.tokentally.base.db;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps the instance's {@link ReferenceCache}s fresh. Triggers on the reference tables (migration V11)
 * notify channel {@value #CHANNEL} with the table's name whenever a statement changes one, on commit; every
 * instance then drops the caches built from that table, typically within milliseconds. The instance that
 * made a change also drops them itself as its transaction ends ({@link #changed}), so it reads its own
 * writes at once.
 */
@Component
public class ReferenceChanges {

    static final String CHANNEL = "reference_changed";

    private final Map<String, List<ReferenceCache<?, ?>>> byTable = new ConcurrentHashMap<>();
    private final List<ReferenceCache<?, ?>> all = new CopyOnWriteArrayList<>();

    ReferenceChanges(PostgresNotifications notifications) {
        notifications.subscribe(CHANNEL, this::dropCachesOf, this::dropAll);
    }

    /** A cache of rows from the given tables, dropped whenever one of them changes. */
    public <K, V> ReferenceCache<K, V> cache(int maxEntries, String... tables) {
        ReferenceCache<K, V> cache = new ReferenceCache<>(maxEntries);
        for (String table : tables) {
            byTable.computeIfAbsent(table, name -> new CopyOnWriteArrayList<>()).add(cache);
        }
        all.add(cache);
        return cache;
    }

    /** How often this instance's caches of the table were asked, for counting the lookups a call makes. */
    public long asked(String table) {
        return byTable.getOrDefault(table, List.of()).stream().mapToLong(ReferenceCache::asked).sum();
    }

    /** This instance changed the table: its caches go when the current transaction ends (at once without one). */
    public void changed(String table) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    dropCachesOf(table);
                }
            });
        } else {
            dropCachesOf(table);
        }
    }

    /** Everything goes: after the database was reset under the application (tests), or notifications were lost. */
    public void dropAll() {
        all.forEach(ReferenceCache::clear);
    }

    private void dropCachesOf(String table) {
        byTable.getOrDefault(table, List.of()).forEach(ReferenceCache::clear);
    }
}
