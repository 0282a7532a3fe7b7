package dev.tokentally.usage;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.pricing.TokenCounts;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The ledger and rollup tables, in plain SQL; many rows go in as one statement. */
@Repository
class LedgerStore {

    /** An event ready to insert, its id chosen, its costs worked out and its team decided (null: none). */
    record NewEvent(UUID id, long organizationId, ReportedCall report, CallPricing.Priced priced, Long teamId) {

        UsageEvent asRecorded(Instant recordedAt) {
            return new UsageEvent(id, organizationId, report.provider(), report.model(), report.tokens(),
                    new EventCost(priced.rawUsd(), priced.billed(), priced.currency(), priced.priceVersionId()),
                    report.source(), report.idempotencyKey(), report.occurredAt(), recordedAt,
                    report.attribution().withTeam(teamId), report.estimated(), report.cacheHit() != null, saved());
        }

        /** What a cache hit saved, in the event's currency; null when the cached answer was unpriced or billed in another. */
        BigDecimal saved() {
            ReportedCall.CacheHit hit = report.cacheHit();
            return hit == null || hit.saved() == null || !hit.currency().equals(priced.currency()) ? null : hit.saved();
        }

        String userKey() {
            return RollupUserKey.of(report.attribution().userId(), report.attribution().externalUser()).encoded();
        }
    }

    /** The columns {@link #event} reads, from {@code usage_event_current e} (the events with their corrections). */
    static final String SELECT_ALIASED = """
            select e.id, e.organization_id, e.provider, e.model, e.input_tokens, e.cached_input_tokens,
                   e.cache_write_5m_tokens, e.cache_write_1h_tokens, e.output_tokens, e.reasoning_tokens, e.request_count,
                   e.raw_cost_usd, e.billed_cost, e.billed_currency, e.price_version_id, e.source, e.idempotency_key,
                   e.occurred_at, e.recorded_at, e.user_id, e.external_user, e.agent, e.session_ref, e.estimated,
                   e.team_id, e.api_key_id, e.cache_hit, e.saved""";
    private static final String SELECT = SELECT_ALIASED + " from usage_event_current e";

    private static final String INSERT = """
            insert into usage_event (id, organization_id, billed_currency, recorded_at, user_id, external_user, agent,
                session_ref, message_ref, provider, model, model_id, input_tokens, cached_input_tokens,
                cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, request_count, estimated,
                provider_cost_usd, raw_cost_usd, billed_cost, price_version_id, source, idempotency_key, occurred_at,
                metadata, team_id, api_key_id, wire_format, connection, cache_hit, saved, tags)
            select u.id, ?, ?, ?, u.user_id, u.external_user, u.agent, u.session_ref, u.message_ref, u.provider, u.model,
                u.model_id, u.input_tokens, u.cached_input_tokens, u.cache_write_5m_tokens, u.cache_write_1h_tokens,
                u.output_tokens, u.reasoning_tokens, u.request_count, u.estimated, u.provider_cost_usd, u.raw_cost_usd,
                u.billed_cost, u.price_version_id, u.source, u.idempotency_key, u.occurred_at, cast(u.metadata as jsonb),
                u.team_id, u.api_key_id, u.wire_format, u.connection, u.cache_hit, u.saved, cast(u.tags as jsonb)
            from unnest(?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],
                        ?::integer[], ?::boolean[], ?::numeric[], ?::numeric[], ?::numeric[], ?::bigint[], ?::text[],
                        ?::text[], ?::timestamptz[], ?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::text[],
                        ?::boolean[], ?::numeric[], ?::text[])
                 as u(id, user_id, external_user, agent, session_ref, message_ref, provider, model, model_id,
                      input_tokens, cached_input_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens,
                      reasoning_tokens, request_count, estimated, provider_cost_usd, raw_cost_usd, billed_cost,
                      price_version_id, source, idempotency_key, occurred_at, metadata, team_id, api_key_id,
                      wire_format, connection, cache_hit, saved, tags)
            on conflict (organization_id, idempotency_key) do nothing
            returning id""";

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final UsageSignal signal;
    private final OrganizationService organizations;

    LedgerStore(JdbcClient jdbc, JdbcTemplate jdbcTemplate, UsageSignal signal, OrganizationService organizations) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.signal = signal;
        this.organizations = organizations;
    }

    /**
     * Inserts the events, adds them to their days' rollup rows and their months' token totals (rows the caller has
     * locked, see {@link MonthTokens#lock}) and tells the organization's live views, all in one statement: a whole
     * group of recordings costs one round trip. Returns the ids of the events whose key the organization did not
     * have; the caller rolls back unless every event was inserted, so no rollup counts an event the ledger lacks.
     */
    Set<UUID> write(long organizationId, List<NewEvent> events, Map<LocalDate, Long> monthTokens, Instant recordedAt) {
        if (events.isEmpty()) {
            return Set.of();
        }
        Rollups rollups = Rollups.of(events);
        return jdbcTemplate.execute((Connection connection) -> {
            try (PreparedStatement write = connection.prepareStatement(WRITE)) {
                write.setLong(1, organizationId);
                write.setString(2, events.getFirst().priced().currency());
                write.setTimestamp(3, Timestamp.from(recordedAt));
                int column = 4;
                for (Array array : columns(connection, events)) {
                    write.setArray(column++, array);
                }
                column = rollups.bind(write, column, organizationId, connection);
                List<LocalDate> months = monthTokens.keySet().stream().sorted().toList();
                write.setArray(column++, connection.createArrayOf("date", months.stream().map(Date::valueOf).toArray()));
                write.setArray(column++, connection.createArrayOf("bigint", months.stream().map(monthTokens::get).toArray()));
                write.setLong(column++, organizationId);
                write.setString(column, signal.forwarded(organizationId));
                Set<UUID> inserted = new HashSet<>();
                try (ResultSet ids = write.executeQuery()) {
                    while (ids.next()) {
                        inserted.add(ids.getObject(1, UUID.class));
                    }
                }
                return inserted;
            }
        });
    }

    private static List<Array> columns(Connection connection, List<NewEvent> events) throws SQLException {
        return List.of(
                array(connection, "uuid", events, NewEvent::id),
                array(connection, "bigint", events, e -> e.report().attribution().userId()),
                array(connection, "text", events, e -> e.report().attribution().externalUser()),
                array(connection, "text", events, e -> e.report().attribution().agent()),
                array(connection, "text", events, e -> e.report().attribution().session()),
                array(connection, "text", events, e -> e.report().message()),
                array(connection, "text", events, e -> e.report().provider()),
                array(connection, "text", events, e -> e.report().model()),
                array(connection, "bigint", events, e -> e.priced().modelId()),
                array(connection, "bigint", events, e -> e.report().tokens().input()),
                array(connection, "bigint", events, e -> e.report().tokens().cachedInput()),
                array(connection, "bigint", events, e -> e.report().tokens().cacheWrite5m()),
                array(connection, "bigint", events, e -> e.report().tokens().cacheWrite1h()),
                array(connection, "bigint", events, e -> e.report().tokens().output()),
                array(connection, "bigint", events, e -> e.report().tokens().reasoning()),
                array(connection, "integer", events, e -> (int) e.report().tokens().requests()),
                array(connection, "boolean", events, e -> e.report().estimated()),
                array(connection, "numeric", events, e -> e.report().providerCostUsd()),
                array(connection, "numeric", events, e -> e.priced().rawUsd()),
                array(connection, "numeric", events, e -> e.priced().billed()),
                array(connection, "bigint", events, e -> e.priced().priceVersionId()),
                array(connection, "text", events, e -> e.report().source().name()),
                array(connection, "text", events, e -> e.report().idempotencyKey()),
                array(connection, "timestamptz", events, e -> Timestamp.from(e.report().occurredAt())),
                array(connection, "text", events, e -> e.report().metadataJson()),
                array(connection, "bigint", events, NewEvent::teamId),
                array(connection, "bigint", events, e -> e.report().attribution().apiKeyId()),
                array(connection, "text", events, e -> e.report().channel().wireFormat()),
                array(connection, "text", events, e -> e.report().channel().connection()),
                array(connection, "boolean", events, e -> e.report().cacheHit() != null),
                array(connection, "numeric", events, NewEvent::saved),
                array(connection, "text", events, e -> e.report().tags().json()));
    }

    private static Array array(Connection connection, String type, List<NewEvent> events, Function<NewEvent, Object> value)
            throws SQLException {
        Object[] values = new Object[events.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = value.apply(events.get(i));
        }
        return connection.createArrayOf(type, values);
    }

    /** The rollup rows a batch adds to: its events grouped by row, so that no row is hit twice by one upsert. */
    private record Rollups(List<List<Object>> keys, Map<List<Object>, long[]> counts, Map<List<Object>, BigDecimal[]> costs) {

        static Rollups of(List<NewEvent> events) {
            Map<List<Object>, long[]> counts = new LinkedHashMap<>();
            Map<List<Object>, BigDecimal[]> costs = new LinkedHashMap<>();
            for (NewEvent event : events) {
                ReportedCall report = event.report();
                List<Object> key = List.of(event.priced().day(), event.userKey(), report.provider(), report.model(),
                        report.attribution().agent() == null ? "" : report.attribution().agent(), report.source().name(), noneAsZero(event.teamId()),
                        noneAsZero(report.attribution().apiKeyId()));
                TokenCounts tokens = report.tokens();
                long[] sums = counts.computeIfAbsent(key, k -> new long[9]);
                sums[0] += tokens.requests();
                sums[1] += tokens.input();
                sums[2] += tokens.cachedInput();
                sums[3] += tokens.cacheWrite5m() + tokens.cacheWrite1h();
                sums[4] += tokens.output();
                sums[5] += tokens.reasoning();
                sums[6] += event.priced().totalTokens();
                sums[7] += 1;
                sums[8] += event.priced().billed() == null ? 1 : 0;
                BigDecimal[] money = costs.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                money[0] = money[0].add(event.priced().rawUsd() == null ? BigDecimal.ZERO : event.priced().rawUsd());
                money[1] = money[1].add(event.priced().billed() == null ? BigDecimal.ZERO : event.priced().billed());
            }
            return new Rollups(new ArrayList<>(counts.keySet()), counts, costs);
        }

        /** Binds {@link #ROLLUP_UPSERT}'s 20 parameters from {@code first} on; returns the next free index. */
        int bind(PreparedStatement upsert, int first, long organizationId, Connection connection) throws SQLException {
            upsert.setLong(first, organizationId);
            upsert.setArray(first + 1, connection.createArrayOf("date",
                    keys.stream().map(key -> Date.valueOf((LocalDate) key.get(0))).toArray()));
            for (int part = 1; part <= 5; part++) {
                int index = part;
                upsert.setArray(first + 1 + part, connection.createArrayOf("text", keys.stream().map(key -> key.get(index)).toArray()));
            }
            for (int part = 6; part <= 7; part++) {
                int index = part;
                upsert.setArray(first + 1 + part, connection.createArrayOf("bigint", keys.stream().map(key -> key.get(index)).toArray()));
            }
            for (int sum = 0; sum < 9; sum++) {
                int index = sum;
                upsert.setArray(first + 9 + sum, connection.createArrayOf("bigint",
                        keys.stream().map(key -> counts.get(key)[index]).toArray()));
            }
            upsert.setArray(first + 18, connection.createArrayOf("numeric", keys.stream().map(key -> costs.get(key)[0]).toArray()));
            upsert.setArray(first + 19, connection.createArrayOf("numeric", keys.stream().map(key -> costs.get(key)[1]).toArray()));
            return first + 20;
        }
    }

    /** One statement for all of a batch's rollup rows; the batch is grouped first, so no row is hit twice. */
    private static final String ROLLUP_UPSERT = """
            insert into usage_daily as d (organization_id, day, user_key, provider, model, agent, source, team_id,
                api_key_id, requests, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,
                reasoning_tokens, total_tokens, events, unpriced_events, raw_cost_usd, billed_cost)
            select ?, u.* from unnest(?::date[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[],
                ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],
                ?::bigint[], ?::bigint[], ?::numeric[], ?::numeric[]) as u
            on conflict (organization_id, day, user_key, provider, model, agent, source, team_id, api_key_id) do update set
                requests = d.requests + excluded.requests,
                input_tokens = d.input_tokens + excluded.input_tokens,
                cached_input_tokens = d.cached_input_tokens + excluded.cached_input_tokens,
                cache_write_tokens = d.cache_write_tokens + excluded.cache_write_tokens,
                output_tokens = d.output_tokens + excluded.output_tokens,
                reasoning_tokens = d.reasoning_tokens + excluded.reasoning_tokens,
                total_tokens = d.total_tokens + excluded.total_tokens,
                events = d.events + excluded.events,
                unpriced_events = d.unpriced_events + excluded.unpriced_events,
                raw_cost_usd = d.raw_cost_usd + excluded.raw_cost_usd,
                billed_cost = d.billed_cost + excluded.billed_cost""";

    /** The events, their rollup rows, their months' tokens and the live views' notification (one per organization). */
    private static final String WRITE = "with inserted as (" + INSERT + "), rolled_up as (" + ROLLUP_UPSERT + "),"
            + """
             counted as (
                update usage_month m set total_tokens = m.total_tokens + u.tokens
                from unnest(?::date[], ?::bigint[]) as u(month, tokens)
                where m.organization_id = ? and m.month = u.month),
            told as (select pg_notify('usage_recorded', ?))
            select inserted.id from inserted left join told on true""";

    /** The organization's events with one of the keys: parameters organization id and a {@code String[]} of keys. */
    static final String BY_KEYS = SELECT + " where e.organization_id = ? and e.idempotency_key = any(?)";

    Optional<UsageEvent> byId(UUID id) {
        return jdbc.sql(SELECT + " where e.id = ?").param(id).query((rs, row) -> event(rs)).optional();
    }

    /** Moves an event's rollup row by a re-pricing's differences; {@code pricedNow} is 1 when it left "unpriced". */
    void adjustRollup(UUID eventId, BigDecimal rawDelta, BigDecimal billedDelta, int pricedNow) {
        UsageEvent event = byId(eventId).orElseThrow();
        Attribution attribution = event.attribution();
        jdbc.sql("""
                        update usage_daily d set raw_cost_usd = d.raw_cost_usd + :raw, billed_cost = d.billed_cost + :billed,
                               unpriced_events = d.unpriced_events - :priced
                        from usage_event e
                        where e.id = :event and d.organization_id = e.organization_id and d.day = :day and d.user_key = :user
                          and d.provider = e.provider and d.model = e.model and d.agent = coalesce(e.agent, '')
                          and d.source = e.source and d.team_id = coalesce(e.team_id, 0)
                          and d.api_key_id = coalesce(e.api_key_id, 0)""")
                .param("raw", rawDelta).param("billed", billedDelta).param("priced", pricedNow).param("event", eventId)
                .param("day", Date.valueOf(organizations.locale(event.organizationId()).dayOf(event.occurredAt())))
                .param("user", RollupUserKey.of(attribution.userId(), attribution.externalUser()).encoded())
                .update();
    }

    void notifyRecorded(long organizationId) {
        jdbc.sql("select pg_notify('usage_recorded', ?)").param(String.valueOf(organizationId)).query(String.class).list();
    }

    static UsageEvent event(ResultSet rs) throws SQLException {
        return new UsageEvent(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3), rs.getString(4),
                new TokenCounts(rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                        rs.getLong(11)),
                new EventCost(rs.getBigDecimal(12), rs.getBigDecimal(13), rs.getString(14), (Long) rs.getObject(15)),
                UsageSource.valueOf(rs.getString(16)), rs.getString(17), rs.getTimestamp(18).toInstant(),
                rs.getTimestamp(19).toInstant(), new Attribution((Long) rs.getObject(20), rs.getString(21),
                        rs.getString(22), rs.getString(23), (Long) rs.getObject(25), (Long) rs.getObject(26)),
                rs.getBoolean(24), rs.getBoolean(27), rs.getBigDecimal(28));
    }

    /** The rollups' "none" for a team or key. */
    private static long noneAsZero(Long id) {
        return id == null ? 0 : id;
    }
}
