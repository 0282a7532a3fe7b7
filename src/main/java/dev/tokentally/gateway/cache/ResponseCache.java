package dev.tokentally.gateway.cache;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The gateway's response cache, in PostgreSQL so that every instance shares it: answers per organization under their
 * {@link CacheKey}, never read by another organization. Bounded: an answer larger than {@code max-entry-size} is not
 * kept, an organization keeps at most {@code max-entries-per-organization} answers (the oldest make room), every answer
 * expires after its time to live (at most {@code max-ttl}) and {@link ResponseCachePurgeJob} deletes the expired ones.
 */
@Service
@EnableConfigurationProperties(ResponseCacheProperties.class)
public class ResponseCache {

    private final JdbcClient jdbc;
    private final ResponseCacheProperties properties;
    private final Clock clock;

    ResponseCache(JdbcClient jdbc, ResponseCacheProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** The largest answer kept, in bytes. */
    public long maxEntryBytes() {
        return properties.maxEntrySize().toBytes();
    }

    /** The time to live of a call that asks for caching without naming one. */
    public Duration defaultTtl() {
        return properties.defaultTtl();
    }

    /** The organization's answer to the request, while it has not expired. */
    public Optional<CachedAnswer> lookup(long organizationId, CacheKey key) {
        return jdbc.sql("""
                        select content_type, body, event_id, billed_cost, billed_currency from gateway_response_cache
                        where organization_id = ? and request_hash = ? and expires_at > ?""")
                .params(organizationId, key.sha256(), Timestamp.from(clock.instant()))
                .query((rs, row) -> new CachedAnswer(rs.getString(1), rs.getBytes(2), rs.getObject(3, UUID.class),
                        rs.getBigDecimal(4), rs.getString(5)))
                .optional();
    }

    /**
     * Keeps the answer for {@code ttl} (shortened to {@code max-ttl}), replacing the organization's earlier answer to the
     * same request; the organization's oldest answers beyond its bound go.
     *
     * @return whether it was kept (false: larger than {@code max-entry-size})
     */
    public boolean store(long organizationId, CacheKey key, Duration ttl, CachedAnswer answer) {
        if (answer.body().length > properties.maxEntrySize().toBytes()) {
            return false;
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("A cached answer's time to live must be positive, not " + ttl);
        }
        Instant now = clock.instant();
        Duration kept = ttl.compareTo(properties.maxTtl()) > 0 ? properties.maxTtl() : ttl;
        jdbc.sql("""
                        insert into gateway_response_cache (organization_id, request_hash, content_type, body, event_id,
                            billed_cost, billed_currency, created_at, expires_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (organization_id, request_hash) do update set content_type = excluded.content_type,
                            body = excluded.body, event_id = excluded.event_id, billed_cost = excluded.billed_cost,
                            billed_currency = excluded.billed_currency, created_at = excluded.created_at,
                            expires_at = excluded.expires_at""")
                .params(organizationId, key.sha256(), answer.contentType(), answer.body(), answer.eventId(), answer.billedCost(),
                        answer.currency(), Timestamp.from(now), Timestamp.from(now.plus(kept)))
                .update();
        jdbc.sql("""
                        delete from gateway_response_cache where organization_id = ? and request_hash in (
                            select request_hash from gateway_response_cache where organization_id = ?
                            order by created_at desc, request_hash offset ?)""")
                .params(organizationId, organizationId, properties.maxEntriesPerOrganization())
                .update();
        return true;
    }

    /** Deletes up to {@code most} expired answers; @return how many went. */
    public int purgeExpired(int most) {
        return jdbc.sql("""
                        delete from gateway_response_cache where ctid in (
                            select ctid from gateway_response_cache where expires_at <= ? limit ?)""")
                .params(Timestamp.from(clock.instant()), most)
                .update();
    }
}
