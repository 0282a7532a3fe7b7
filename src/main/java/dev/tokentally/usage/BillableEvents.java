package dev.tokentally.usage;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tokentally.organizations.TeamDirectory;
import dev.tokentally.pricing.TokenCounts;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ledger as invoicing sees it: priced events not yet on an issued document, summed per model (and
 * agent) and price version, claimed for a document when it is issued and released when it is voided.
 * An event is claimed by at most one document: the claim only takes events that have none.
 */
@Service
@Transactional(readOnly = true)
public class BillableEvents {

    /**
     * Which events: of the organization, not claimed by any document, before {@code before}; or only those of
     * one chat thread; or those claimed by one document.
     */
    public record Selection(long organizationId, Instant before, String chatThread, Long invoiceId) {

        public static Selection upTo(long organizationId, Instant before) {
            return new Selection(organizationId, before, null, null);
        }

        public static Selection thread(long organizationId, long threadId) {
            return new Selection(organizationId, null, String.valueOf(threadId), null);
        }

        public static Selection claimedBy(long organizationId, long invoiceId) {
            return new Selection(organizationId, null, null, invoiceId);
        }
    }

    /** The summed usage of one model (and agent, and team) under one price version, with its exact costs. */
    public record Group(String team, String provider, String model, String agent, Long priceVersionId, TokenCounts tokens,
                        BigDecimal rawCostUsd, BigDecimal billedCost, long events) {
    }

    /** How invoice lines are split beyond the model: by agent, by team (empty labels when not). */
    public record Split(boolean byAgent, boolean byTeam) {
    }

    /** Provider cost and billed cost of one local day, for showing what volume discounts saved. */
    public record Day(LocalDate day, BigDecimal rawCostUsd, BigDecimal billedCost) {
    }

    private static final String CONDITIONS = """
             e.organization_id = :organization and e.billed_cost is not null
               and (cast(:before as timestamptz) is null or e.occurred_at < :before)
               and (cast(:thread as text) is null or (e.source = 'CHAT' and e.session_ref = :thread))""";

    private static final String NO_TEAM = "no team";
    private static final Comparator<Group> LINE_ORDER = Comparator
            .comparing(Group::team, String.CASE_INSENSITIVE_ORDER).thenComparing(Group::model, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(Group::agent, String.CASE_INSENSITIVE_ORDER).thenComparing(Group::provider)
            .thenComparing(Group::priceVersionId, Comparator.nullsLast(Comparator.naturalOrder()));

    private final JdbcClient jdbc;
    private final TeamDirectory teams;

    BillableEvents(JdbcClient jdbc, TeamDirectory teams) {
        this.jdbc = jdbc;
        this.teams = teams;
    }

    /** The groups in the order of invoice lines: by team name, model, agent, provider and price version. */
    public List<Group> groups(Selection selection, Split split) {
        String agent = split.byAgent() ? "coalesce(e.agent, '')" : "''";
        Map<Long, String> teamNames = new HashMap<>();
        if (split.byTeam()) {
            teams.all(selection.organizationId()).forEach(t -> teamNames.put(t.id(), t.name()));
        }
        // Events of a team that is gone fall under "no team", with those of none.
        String team = teamNames.isEmpty() ? "cast(null as bigint)" : "case when e.team_id in (:teams) then e.team_id end";
        return jdbc.sql("select " + team + " as team, e.provider, e.model, " + agent + " as agent, e.price_version_id,"
                        + " sum(e.input_tokens), sum(e.cached_input_tokens), sum(e.cache_write_5m_tokens),"
                        + " sum(e.cache_write_1h_tokens), sum(e.output_tokens), sum(e.reasoning_tokens), sum(e.request_count),"
                        + " sum(e.raw_cost_usd), sum(e.billed_cost), count(*)"
                        + " from usage_event_current e" + where(selection)
                        + " group by 1, 2, 3, 4, 5")
                .params(params(selection)).param("teams", teamNames.keySet())
                .query((rs, row) -> {
                    long teamId = rs.getLong(1);
                    String teamName = !split.byTeam() ? "" : rs.wasNull() ? NO_TEAM : teamNames.get(teamId);
                    long version = rs.getLong(5);
                    Long versionId = rs.wasNull() ? null : version;
                    return new Group(teamName, rs.getString(2), rs.getString(3), rs.getString(4), versionId,
                            new TokenCounts(rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                                    rs.getLong(11), rs.getLong(12)),
                            rs.getBigDecimal(13), rs.getBigDecimal(14), rs.getLong(15));
                }).list().stream().sorted(LINE_ORDER).toList();
    }

    public List<Day> days(Selection selection, String timeZone) {
        return jdbc.sql("select (e.occurred_at at time zone :zone)::date, sum(e.raw_cost_usd), sum(e.billed_cost)"
                        + " from usage_event_current e" + where(selection)
                        + " group by 1 order by 1")
                .params(params(selection)).param("zone", timeZone)
                .query((rs, row) -> new Day(rs.getDate(1).toLocalDate(), rs.getBigDecimal(2), rs.getBigDecimal(3))).list();
    }

    /** A page of the selection's event ids in id order, after {@code after} (null: from the first). */
    public List<UUID> ids(Selection selection, UUID after, int limit) {
        return jdbc.sql("select e.id from usage_event_current e" + where(selection)
                        + " and (cast(:after as uuid) is null or e.id > cast(:after as uuid)) order by e.id limit :limit")
                .params(params(selection)).param("after", after).param("limit", limit).query(UUID.class).list();
    }

    /**
     * Puts the selected unclaimed events on the document; returns how many. Part of the issuing transaction. An
     * event another document claimed meanwhile is left to that one.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long claim(Selection selection, long invoiceId) {
        return jdbc.sql("insert into invoiced_usage (event_id, invoice_id) select e.id, :claimant from usage_event_current e"
                        + where(selection) + " on conflict (event_id) do nothing")
                .params(params(selection)).param("claimant", invoiceId).update();
    }

    /** Takes the events off a voided document, so the next invoice bills them. */
    @Transactional(propagation = Propagation.MANDATORY)
    public long release(long invoiceId) {
        return jdbc.sql("delete from invoiced_usage where invoice_id = ?").param(invoiceId).update();
    }

    /** The selection's conditions on {@code usage_event_current e}: claimed by its document, or by none. */
    private static String where(Selection selection) {
        String claim = selection.invoiceId() == null
                ? " and not exists (select from invoiced_usage i where i.event_id = e.id)"
                : " and e.id in (select i.event_id from invoiced_usage i where i.invoice_id = :invoice)";
        return " where " + CONDITIONS + claim;
    }

    private static Map<String, Object> params(Selection selection) {
        Map<String, Object> params = new HashMap<>();
        params.put("organization", selection.organizationId());
        params.put("invoice", selection.invoiceId());
        params.put("before", selection.before() == null ? null : Timestamp.from(selection.before()));
        params.put("thread", selection.chatThread());
        return params;
    }
}
