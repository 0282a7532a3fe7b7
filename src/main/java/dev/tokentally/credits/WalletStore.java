package dev.tokentally.credits;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.tokentally.base.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The wallet tables' SQL. Every change of a balance, a grant's remaining amount or the entries happens under the
 * wallet row's lock ({@link #lock}), so concurrent grants, consumption, expiry and holds of one organization queue.
 */
@Component
class WalletStore {

    /**
     * The order usage consumes grants in: the soonest expiry first (never-expiring last), so that credit is used before
     * it is lost; then the lower priority number; then free before paid, so that a customer's paid (refundable) money
     * lasts longest; then the oldest.
     */
    static final String CONSUMPTION_ORDER =
            " order by expires_at asc nulls last, priority, case kind when 'FREE' then 0 else 1 end, granted_at, id";

    private static final String GRANTS = """
            select id, organization_id, kind, amount, remaining, expires_at, priority, note, invoice_id, granted_at
            from wallet_grant""";

    /** A locked wallet: its mode and balance as they stand. */
    record Locked(WalletMode mode, BigDecimal balance) {
    }

    private final JdbcClient jdbc;

    WalletStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the organization's wallet row, empty when it has none. */
    Optional<Locked> lock(long organizationId) {
        return jdbc.sql("select mode, balance from wallet where organization_id = ? for update").param(organizationId)
                .query((rs, row) -> new Locked(WalletMode.valueOf(rs.getString("mode")), rs.getBigDecimal("balance")))
                .optional();
    }

    /** Locks the organization's wallet row, made (postpaid, empty) when it has none. */
    Locked lockOrCreate(long organizationId) {
        jdbc.sql("insert into wallet (organization_id) values (?) on conflict do nothing").param(organizationId).update();
        return lock(organizationId).orElseThrow();
    }

    WalletSettings settings(long organizationId) {
        return jdbc.sql("select mode, auto_top_up_below, auto_top_up_amount, low_balance_at from wallet where organization_id = ?")
                .param(organizationId)
                .query((rs, row) -> new WalletSettings(WalletMode.valueOf(rs.getString("mode")), rs.getBigDecimal("auto_top_up_below"),
                        rs.getBigDecimal("auto_top_up_amount"), rs.getBigDecimal("low_balance_at")))
                .optional().orElse(WalletSettings.POSTPAID);
    }

    void saveSettings(long organizationId, WalletSettings settings) {
        jdbc.sql("""
                        insert into wallet (organization_id, mode, auto_top_up_below, auto_top_up_amount, low_balance_at)
                        values (:organization, :mode, :below, :amount, :low)
                        on conflict (organization_id) do update set mode = excluded.mode,
                            auto_top_up_below = excluded.auto_top_up_below, auto_top_up_amount = excluded.auto_top_up_amount,
                            low_balance_at = excluded.low_balance_at""")
                .param("organization", organizationId).param("mode", settings.mode().name())
                .param("below", settings.autoTopUpBelow()).param("amount", settings.autoTopUpAmount())
                .param("low", settings.lowBalanceAt()).update();
    }

    BigDecimal balance(long organizationId) {
        return jdbc.sql("select balance from wallet where organization_id = ?").param(organizationId).query(BigDecimal.class)
                .optional().orElse(BigDecimal.ZERO);
    }

    void setBalance(long organizationId, BigDecimal balance) {
        jdbc.sql("update wallet set balance = ? where organization_id = ?").params(balance, organizationId).update();
    }

    /** What calls in flight hold of the balance now. */
    BigDecimal reserved(long organizationId, Instant now) {
        return jdbc.sql("select coalesce(sum(amount), 0) from wallet_reservation where organization_id = ? and team_id is null and expires_at > ?")
                .params(organizationId, Timestamp.from(now)).query(BigDecimal.class).single();
    }

    /** At {@code now}: what calls in flight hold, and the credit left on grants that expired but are not written off yet. */
    record Unavailable(BigDecimal held, BigDecimal expired) {
    }

    Unavailable unavailable(long organizationId, Instant now) {
        return jdbc.sql("""
                        select (select coalesce(sum(amount), 0) from wallet_reservation
                                where organization_id = :organization and team_id is null and expires_at > :now) as held,
                               (select coalesce(sum(remaining), 0) from wallet_grant
                                where organization_id = :organization and team_id is null and remaining > 0
                                  and expires_at <= :now) as expired""")
                .param("organization", organizationId).param("now", Timestamp.from(now))
                .query((rs, row) -> new Unavailable(rs.getBigDecimal("held"), rs.getBigDecimal("expired"))).single();
    }

    /** The grant the key made to the organization ({@code teamId} null) or to its team. */
    Optional<Grant> grantByKey(long organizationId, Long teamId, String idempotencyKey, String currency) {
        return jdbc.sql(GRANTS + " where organization_id = ? and team_id is not distinct from ?::bigint and idempotency_key = ?")
                .params(organizationId, teamId, idempotencyKey)
                .query((rs, row) -> grant(rs, currency)).optional();
    }

    Grant insertGrant(long organizationId, Long teamId, GrantKind kind, BigDecimal amount, Instant expiresAt, int priority, String note,
                      Long invoiceId, String idempotencyKey, Instant now, String currency) {
        return jdbc.sql("""
                        insert into wallet_grant (organization_id, team_id, kind, amount, remaining, expires_at, priority, note,
                                                  invoice_id, idempotency_key, granted_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        returning id, organization_id, kind, amount, remaining, expires_at, priority, note, invoice_id, granted_at""")
                .params(organizationId, teamId, kind.name(), amount, amount, expiresAt == null ? null : Timestamp.from(expiresAt), priority,
                        note, invoiceId, idempotencyKey, Timestamp.from(now))
                .query((rs, row) -> grant(rs, currency)).single();
    }

    /** The grants usage may take from at {@code now}, in consumption order. */
    List<Grant> usable(long organizationId, Instant now, String currency) {
        return jdbc.sql(GRANTS + " where organization_id = ? and team_id is null and remaining > 0 and (expires_at is null or expires_at > ?)"
                        + CONSUMPTION_ORDER)
                .params(organizationId, Timestamp.from(now)).query((rs, row) -> grant(rs, currency)).list();
    }

    /** The organization's grants with credit left that never expires, in consumption order: what may move to a team. */
    List<Grant> transferable(long organizationId, String currency) {
        return jdbc.sql(GRANTS + " where organization_id = ? and team_id is null and remaining > 0 and expires_at is null"
                        + CONSUMPTION_ORDER)
                .param(organizationId).query((rs, row) -> grant(rs, currency)).list();
    }

    /** The team-side entries of the transfer with this key (empty: no such transfer yet). */
    List<BigDecimal> transferred(long teamId, String keyPrefix) {
        return jdbc.sql("select amount from wallet_entry where team_id = ? and kind = 'TRANSFER' and starts_with(idempotency_key, ?)")
                .params(teamId, keyPrefix).query(BigDecimal.class).list();
    }

    /** The grants whose credit is left at their expiry, up to {@code now}. */
    List<Grant> expired(long organizationId, Instant now, String currency) {
        return jdbc.sql(GRANTS + " where organization_id = ? and team_id is null and remaining > 0 and expires_at <= ?"
                        + " order by expires_at, id")
                .params(organizationId, Timestamp.from(now)).query((rs, row) -> grant(rs, currency)).list();
    }

    /** The organizations with credit left on a grant that expired by {@code now}. */
    List<Long> organizationsWithExpiredCredit(Instant now) {
        return jdbc.sql("select distinct organization_id from wallet_grant where team_id is null and remaining > 0 and expires_at <= ?")
                .param(Timestamp.from(now)).query(Long.class).list();
    }

    /** Sets each grant's remaining amount. */
    void setRemaining(List<Long> grantIds, List<BigDecimal> remaining) {
        jdbc.sql("""
                        update wallet_grant g set remaining = t.remaining
                        from unnest(?::bigint[], ?::numeric[]) as t(id, remaining) where g.id = t.id""")
                .params(grantIds.toArray(Long[]::new), remaining.stream().map(BigDecimal::toPlainString).toArray(String[]::new))
                .update();
    }

    /** An entry about to be written. */
    record NewEntry(Long grantId, EntryKind kind, BigDecimal amount, BigDecimal balanceAfter, UUID usageEventId,
                    Long invoiceId, String idempotencyKey) {
    }

    /** Writes the organization's entries at {@code at}, in order, in one statement. */
    void append(long organizationId, List<NewEntry> entries, Instant at) {
        append(organizationId, null, entries, at);
    }

    /** Writes the entries of the organization's wallet, or of its team's ({@code teamId} not null), in order. */
    void append(long organizationId, Long teamId, List<NewEntry> entries, Instant at) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into wallet_entry (organization_id, team_id, grant_id, kind, amount, balance_after, usage_event_id,
                                                  invoice_id, idempotency_key, occurred_at)
                        select ?, ?::bigint, t.grant_id, t.kind, t.amount, t.balance_after, t.usage_event_id, t.invoice_id, t.idempotency_key, ?
                        from unnest(?::bigint[], ?::text[], ?::numeric[], ?::numeric[], ?::uuid[], ?::bigint[], ?::text[])
                             with ordinality as t(grant_id, kind, amount, balance_after, usage_event_id, invoice_id, idempotency_key, n)
                        order by t.n""")
                .params(organizationId, teamId, Timestamp.from(at),
                        entries.stream().map(NewEntry::grantId).toArray(Long[]::new),
                        entries.stream().map(entry -> entry.kind().name()).toArray(String[]::new),
                        entries.stream().map(entry -> entry.amount().toPlainString()).toArray(String[]::new),
                        entries.stream().map(entry -> entry.balanceAfter().toPlainString()).toArray(String[]::new),
                        entries.stream().map(entry -> entry.usageEventId() == null ? null : entry.usageEventId().toString())
                                .toArray(String[]::new),
                        entries.stream().map(NewEntry::invoiceId).toArray(Long[]::new),
                        entries.stream().map(NewEntry::idempotencyKey).toArray(String[]::new))
                .update();
    }

    List<WalletEntry> entries(long organizationId, int offset, int limit, String currency) {
        return jdbc.sql("""
                        select id, organization_id, grant_id, kind, amount, balance_after, usage_event_id, invoice_id, idempotency_key,
                               occurred_at
                        from wallet_entry where organization_id = ? and team_id is null order by id desc offset ? limit ?""")
                .params(organizationId, offset, limit).query((rs, row) -> entry(rs, currency)).list();
    }

    long entryCount(long organizationId) {
        return jdbc.sql("select count(*) from wallet_entry where organization_id = ? and team_id is null").param(organizationId)
                .query(Long.class).single();
    }

    // A team's wallet (V40): its row is locked after the organization's wallet row whenever both are.

    /** Locks the team's wallet row: its balance, empty when the team has no wallet. */
    Optional<BigDecimal> lockTeam(long teamId) {
        return jdbc.sql("select balance from team_wallet where team_id = ? for update").param(teamId).query(BigDecimal.class).optional();
    }

    /** Locks the team's wallet row, made (empty) when it has none; the organization's wallet row must be locked. */
    BigDecimal lockOrCreateTeam(long organizationId, long teamId) {
        jdbc.sql("insert into team_wallet (team_id, organization_id) values (?, ?) on conflict do nothing").params(teamId, organizationId)
                .update();
        return lockTeam(teamId).orElseThrow();
    }

    BigDecimal teamBalance(long teamId) {
        return jdbc.sql("select balance from team_wallet where team_id = ?").param(teamId).query(BigDecimal.class)
                .optional().orElse(BigDecimal.ZERO);
    }

    void setTeamBalance(long teamId, BigDecimal balance) {
        jdbc.sql("update team_wallet set balance = ? where team_id = ?").params(balance, teamId).update();
    }

    /** The organization's teams that have a wallet. */
    List<Long> teamsWithWallets(long organizationId) {
        return jdbc.sql("select team_id from team_wallet where organization_id = ?").param(organizationId).query(Long.class).list();
    }

    /** What the team's calls in flight hold of its balance now. */
    BigDecimal teamReserved(long teamId, Instant now) {
        return jdbc.sql("select coalesce(sum(amount), 0) from wallet_reservation where team_id = ? and expires_at > ?")
                .params(teamId, Timestamp.from(now)).query(BigDecimal.class).single();
    }

    /** The team's grants with credit left, in consumption order (team credit does not expire). */
    List<Grant> teamUsable(long teamId, String currency) {
        return jdbc.sql(GRANTS + " where team_id = ? and remaining > 0" + CONSUMPTION_ORDER).param(teamId)
                .query((rs, row) -> grant(rs, currency)).list();
    }

    List<WalletEntry> teamEntries(long teamId, int offset, int limit, String currency) {
        return jdbc.sql("""
                        select id, organization_id, grant_id, kind, amount, balance_after, usage_event_id, invoice_id, idempotency_key,
                               occurred_at
                        from wallet_entry where team_id = ? order by id desc offset ? limit ?""")
                .params(teamId, offset, limit).query((rs, row) -> entry(rs, currency)).list();
    }

    long teamEntryCount(long teamId) {
        return jdbc.sql("select count(*) from wallet_entry where team_id = ?").param(teamId).query(Long.class).single();
    }

    /** What the organization's usage consumed since {@code since} (positive). */
    BigDecimal consumedSince(long organizationId, Instant since) {
        return jdbc.sql("""
                        select coalesce(-sum(amount), 0) from wallet_entry
                        where organization_id = ? and team_id is null and kind = 'CONSUMPTION' and occurred_at > ?""")
                .params(organizationId, Timestamp.from(since)).query(BigDecimal.class).single();
    }

    /** What credits covered of these usage events (positive). */
    BigDecimal appliedTo(Collection<UUID> usageEventIds) {
        return jdbc.sql("select coalesce(-sum(amount), 0) from wallet_entry where kind = 'CONSUMPTION' and usage_event_id = any(?::uuid[])")
                .param(usageEventIds.stream().map(UUID::toString).toArray(String[]::new))
                .query(BigDecimal.class).single();
    }

    private static WalletEntry entry(ResultSet rs, String currency) throws SQLException {
        return new WalletEntry(rs.getLong("id"), rs.getLong("organization_id"), (Long) rs.getObject("grant_id"),
                EntryKind.valueOf(rs.getString("kind")), new Money(rs.getBigDecimal("amount"), currency),
                new Money(rs.getBigDecimal("balance_after"), currency), rs.getObject("usage_event_id", UUID.class),
                (Long) rs.getObject("invoice_id"), rs.getString("idempotency_key"), rs.getTimestamp("occurred_at").toInstant());
    }

    private static Grant grant(ResultSet rs, String currency) throws SQLException {
        Timestamp expires = rs.getTimestamp("expires_at");
        return new Grant(rs.getLong("id"), rs.getLong("organization_id"), GrantKind.valueOf(rs.getString("kind")),
                new Money(rs.getBigDecimal("amount"), currency), new Money(rs.getBigDecimal("remaining"), currency),
                expires == null ? null : expires.toInstant(), rs.getInt("priority"), rs.getString("note"),
                (Long) rs.getObject("invoice_id"), rs.getTimestamp("granted_at").toInstant());
    }
}
