package dev.tokentally.requests;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The request log in numbers, for dashboards: per day, week or month (local days of a time zone) the calls, the
 * failed ones, the latency percentiles of the answered ones and the answers served from a response cache. The caller
 * has checked who may see which organization, member or key.
 */
@Service
@Transactional(readOnly = true)
public class RequestStats {

    /**
     * One bucket (its first day): calls, failures (status 400 and above), latency in milliseconds of the answered calls
     * at the 50th, 95th and 99th percentile (nearest rank; null without answered calls) and response-cache hits.
     */
    public record Point(LocalDate bucket, long requests, long errors, Long p50Ms, Long p95Ms, Long p99Ms,
                        long responseCacheHits) {
    }

    private static final Map<ChronoUnit, String> UNITS = Map.of(ChronoUnit.DAYS, "day", ChronoUnit.WEEKS, "week",
            ChronoUnit.MONTHS, "month");

    private final JdbcClient jdbc;

    RequestStats(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Every bucket of the days {@code from}..{@code to} (zeros included); {@code userId} and {@code apiKeyId} (0: calls
     * without a key) narrow it.
     */
    public List<Point> series(long organizationId, Long userId, Long apiKeyId, LocalDate from, LocalDate to, ZoneId zone,
                              ChronoUnit unit) {
        String trunc = UNITS.get(unit);
        if (trunc == null) {
            throw new IllegalArgumentException("buckets are days, weeks or months, not " + unit);
        }
        return jdbc.sql("""
                        with buckets as (
                            select distinct date_trunc(cast(:unit as text), day)::date as bucket
                            from generate_series(cast(:from as date), cast(:to as date), interval '1 day') day),
                        calls as (
                            select date_trunc(cast(:unit as text), r.occurred_at at time zone cast(:zone as text))::date as bucket,
                                   count(*) as requests, count(*) filter (where r.status >= 400) as errors,
                                   percentile_disc(0.5) within group (order by r.latency_ms) filter (where r.status < 400) as p50,
                                   percentile_disc(0.95) within group (order by r.latency_ms) filter (where r.status < 400) as p95,
                                   percentile_disc(0.99) within group (order by r.latency_ms) filter (where r.status < 400) as p99,
                                   count(*) filter (where r.cache_hit) as hits
                            from request_log r
                            where r.organization_id = :organization and r.occurred_at >= :start and r.occurred_at < :end
                              and (cast(:user as bigint) is null or r.user_id = cast(:user as bigint))
                              and (cast(:key as bigint) is null or coalesce(r.api_key_id, 0) = cast(:key as bigint))
                            group by 1)
                        select b.bucket, coalesce(c.requests, 0), coalesce(c.errors, 0), c.p50, c.p95, c.p99, coalesce(c.hits, 0)
                        from buckets b left join calls c on c.bucket = b.bucket
                        order by b.bucket""")
                .param("unit", trunc).param("zone", zone.getId())
                .param("from", Date.valueOf(from)).param("to", Date.valueOf(to))
                .param("start", Timestamp.from(from.atStartOfDay(zone).toInstant()))
                .param("end", Timestamp.from(to.plusDays(1).atStartOfDay(zone).toInstant()))
                .param("organization", organizationId).param("user", userId).param("key", apiKeyId)
                .query((rs, row) -> new Point(rs.getDate(1).toLocalDate(), rs.getLong(2), rs.getLong(3),
                        rs.getObject(4, Long.class), rs.getObject(5, Long.class), rs.getObject(6, Long.class), rs.getLong(7)))
                .list();
    }
}
