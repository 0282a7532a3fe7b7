package dev.tokentally.providersync;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.tokentally.base.TokentallyProperties;
import dev.tokentally.mail.channels.AlertChannels;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.pricing.TokenParts;
import dev.tokentally.pricing.TokenSemantics;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.usage.LedgerDays;
import dev.tokentally.usage.UsageConflictException;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Our ledger beside the provider's figures, per UTC day and model. On a settled day, usage the provider has
 * and we lack (calls made with the same key outside Tokentally) is imported as a SYNC event whose key is
 * derived from provider, account, day, model and the provider's total, so no run, however often, imports it twice. Then each day and
 * model gets a status: MATCH within the tolerance, MISMATCH, MISSING_HERE or MISSING_THERE. A settled day and model
 * that differs is announced to the organization's channels ({@code reconciliation.mismatch}) the first time it is seen.
 */
@Component
class Reconciler {

    record Outcome(int imported, int mismatches) {
    }

    private record Figures(TokenCounts tokens, BigDecimal costUsd) {
        long total(String provider) {
            TokenParts parts = TokenSemantics.ofProvider(provider).normalize(tokens);
            return parts.totalInput() + parts.textOutput() + parts.reasoning();
        }
    }

    private final LedgerDays ledger;
    private final UsageRecorder recorder;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final BigDecimal tolerance;
    private final TransactionTemplate transaction;
    private final AlertChannels channels;
    private final OrganizationService organizations;
    private final String baseUrl;

    Reconciler(LedgerDays ledger, UsageRecorder recorder, JdbcClient jdbc, Clock clock, TransactionTemplate transaction,
               AlertChannels channels, OrganizationService organizations,
               SyncProperties settings, TokentallyProperties site) {
        this.transaction = transaction;
        this.channels = channels;
        this.organizations = organizations;
        this.baseUrl = site.baseUrl();
        this.ledger = ledger;
        this.recorder = recorder;
        this.jdbc = jdbc;
        this.clock = clock;
        this.tolerance = settings.tolerancePercent().movePointLeft(2);
    }

    /**
     * Each import is its own transaction (a refused one must not undo the others); the statuses are
     * replaced in one.
     */
    Outcome reconcile(ProviderAccount account, LocalDate first, LocalDate last) {
        Map<String, Figures> theirs = theirs(account, first, last);
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        int imported = 0;
        Map<String, Figures> ours = ours(account, first, last);
        for (Map.Entry<String, Figures> entry : theirs.entrySet()) {
            LocalDate day = LocalDate.parse(entry.getKey().substring(0, 10));
            // A day's report settles after the day ends; a day that ended less than a day ago may still grow.
            if (day.isBefore(today.minusDays(1)) && importMissing(account, day, entry.getKey().substring(11), entry.getValue(),
                    ours.get(entry.getKey()))) {
                imported++;
            }
        }
        if (imported > 0) {
            ours = ours(account, first, last);
        }
        Map<String, Figures> finalOurs = ours;
        Integer mismatches = transaction.execute(status -> replaceStatuses(account, first, last, today, theirs, finalOurs));
        return new Outcome(imported, mismatches == null ? 0 : mismatches);
    }

    private int replaceStatuses(ProviderAccount account, LocalDate first, LocalDate last, LocalDate today,
                                Map<String, Figures> theirs, Map<String, Figures> ours) {
        jdbc.sql("delete from reconciliation where account_id = ? and day between ? and ?")
                .params(account.id(), Date.valueOf(first), Date.valueOf(last)).update();
        int mismatches = 0;
        List<MismatchNotice.Difference> fresh = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(theirs.keySet());
        keys.addAll(ours.keySet());
        for (String key : keys) {
            Figures our = ours.get(key);
            Figures their = theirs.get(key);
            String status = status(account.provider(), our, their);
            mismatches += status.equals("MATCH") ? 0 : 1;
            var difference = new MismatchNotice.Difference(LocalDate.parse(key.substring(0, 10)), key.substring(11), status,
                    our == null ? 0 : our.total(account.provider()), our == null ? BigDecimal.ZERO : our.costUsd(),
                    their == null ? 0 : their.total(account.provider()), their == null ? null : their.costUsd());
            jdbc.sql("""
                            insert into reconciliation (account_id, day, model, our_tokens, our_cost_usd, their_tokens, their_cost_usd,
                                                        status, checked_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(account.id(), Date.valueOf(difference.day()), difference.model(), difference.ourTokens(),
                            difference.ourCostUsd(), difference.theirTokens(), difference.theirCostUsd(), status,
                            Timestamp.from(clock.instant()))
                    .update();
            // An unsettled day may still grow on either side; only a settled difference is worth telling.
            if (!status.equals("MATCH") && difference.day().isBefore(today.minusDays(1)) && firstSeen(account, difference)) {
                fresh.add(difference);
            }
        }
        if (!fresh.isEmpty()) {
            channels.publish(account.organizationId(),
                    MismatchNotice.of(organizations.locale(account.organizationId()).name(), account, fresh, baseUrl));
        }
        return mismatches;
    }

    /** Whether this day and model had not differed before; statuses are replaced on every run, notices are kept. */
    private boolean firstSeen(ProviderAccount account, MismatchNotice.Difference difference) {
        return jdbc.sql("""
                        insert into reconciliation_notice (account_id, day, model, notified_at) values (?, ?, ?, ?)
                        on conflict do nothing""")
                .params(account.id(), Date.valueOf(difference.day()), difference.model(), Timestamp.from(clock.instant()))
                .update() == 1;
    }

    private String status(String provider, Figures our, Figures their) {
        if (their == null || their.total(provider) == 0) {
            return "MISSING_THERE";
        }
        if (our == null || our.total(provider) == 0) {
            return "MISSING_HERE";
        }
        boolean tokens = close(BigDecimal.valueOf(our.total(provider)), BigDecimal.valueOf(their.total(provider)));
        boolean cost = their.costUsd() == null || close(our.costUsd(), their.costUsd());
        return tokens && cost ? "MATCH" : "MISMATCH";
    }

    private boolean close(BigDecimal a, BigDecimal b) {
        return a.subtract(b).abs().compareTo(a.max(b).multiply(tolerance)) <= 0;
    }

    /** Imports what the provider counted beyond our ledger, when every count is at least ours. */
    private boolean importMissing(ProviderAccount account, LocalDate day, String model, Figures their, Figures our) {
        TokenCounts theirs = their.tokens();
        TokenCounts ours = our == null ? new TokenCounts(0, 0, 0, 0, 0, 0, 0) : our.tokens();
        long input = theirs.input() - ours.input();
        long cached = theirs.cachedInput() - ours.cachedInput();
        long written = theirs.cacheWrite5m() - ours.cacheWrite5m() - ours.cacheWrite1h();
        long output = theirs.output() - ours.output();
        if (input < 0 || cached < 0 || written < 0 || output < 0 || input + cached + written + output == 0) {
            return false;
        }
        // The provider's total is part of the key: the same figures never import twice, and a later correction of
        // the day imports exactly what it adds.
        String key = "sync:" + account.provider() + ":" + account.id() + ":" + day + ":" + model + ":" + their.total(account.provider());
        try {
            recorder.record(account.organizationId(), new ReportedCall(key, account.provider(), model,
                    new TokenCounts(input, cached, written, 0, output, 0, Math.max(0, theirs.requests() - ours.requests())),
                    Attribution.of(account.unattributedUserId(), null, account.unattributedAgent(), null), null,
                    day.atStartOfDay(ZoneOffset.UTC).toInstant(), null, null, false, UsageSource.SYNC));
            return true;
        } catch (UsageConflictException sameKeyOtherCounts) {
            // Only if our ledger changed under the same provider total; the reconciliation shows what differs.
            return false;
        }
    }

    private Map<String, Figures> theirs(ProviderAccount account, LocalDate first, LocalDate last) {
        Map<String, BigDecimal> costs = new HashMap<>();
        jdbc.sql("select day, model, sum(cost_usd) from provider_cost where account_id = ? and day between ? and ? group by 1, 2")
                .params(account.id(), Date.valueOf(first), Date.valueOf(last))
                .query((rs, row) -> costs.put(rs.getDate(1).toLocalDate() + " " + rs.getString(2), rs.getBigDecimal(3))).list();
        Map<String, Figures> figures = new HashMap<>();
        jdbc.sql("""
                        select day, model, input_tokens, cached_tokens, cache_write_tokens, output_tokens, requests from provider_usage
                        where account_id = ? and day between ? and ?""")
                .params(account.id(), Date.valueOf(first), Date.valueOf(last))
                .query((rs, row) -> {
                    String key = rs.getDate(1).toLocalDate() + " " + rs.getString(2);
                    return figures.put(key, new Figures(new TokenCounts(rs.getLong(3), rs.getLong(4), rs.getLong(5), 0,
                            rs.getLong(6), 0, rs.getLong(7)), costs.get(key)));
                }).list();
        return figures;
    }

    private Map<String, Figures> ours(ProviderAccount account, LocalDate first, LocalDate last) {
        Map<String, Figures> figures = new HashMap<>();
        List<LedgerDays.Total> totals = ledger.byDayAndModel(account.organizationId(), account.provider(), first, last);
        totals.forEach(total -> figures.put(total.day() + " " + total.model(), new Figures(total.tokens(), total.rawCostUsd())));
        return figures;
    }
}
