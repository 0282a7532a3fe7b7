package dev.tokentally.providersync;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

import dev.tokentally.usage.LedgerDays;
import org.springframework.stereotype.Component;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

/**
 * For the demo's history: an account's provider reports as a sync run would have read them, agreeing with
 * our ledger on every day and model but one, where the provider counted fewer output tokens; then the
 * reconciliation, as one recorded run. No provider is called.
 */
@Component
@Transactional
public class DemoProviderReports {

    private final ProviderAccounts accounts;
    private final LedgerDays ledger;
    private final Reconciler reconciler;
    private final SyncRuns runs;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final int windowDays;

    DemoProviderReports(ProviderAccounts accounts, LedgerDays ledger, Reconciler reconciler, SyncRuns runs, JdbcClient jdbc,
                        Clock clock, SyncProperties settings) {
        this.accounts = accounts;
        this.ledger = ledger;
        this.reconciler = reconciler;
        this.runs = runs;
        this.jdbc = jdbc;
        this.clock = clock;
        this.windowDays = settings.usageWindowDays();
    }

    /** @param mismatchDaysAgo the day (UTC, counted back from today) whose first model the provider counts differently */
    public void reportAndReconcile(long accountId, int mismatchDaysAgo) {
        ProviderAccount account = accounts.get(accountId);
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate first = today.minusDays(windowDays);
        LocalDate mismatchDay = today.minusDays(mismatchDaysAgo);
        runs.record(SyncRuns.USAGE_SYNC, accountId, () -> {
            boolean mismatchWritten = false;
            for (LedgerDays.Total total : ledger.byDayAndModel(account.organizationId(), account.provider(), first, today)) {
                boolean differs = !mismatchWritten && !total.day().isBefore(mismatchDay);
                mismatchWritten |= differs;
                long output = differs ? total.tokens().output() * 9 / 10 : total.tokens().output();
                BigDecimal cost = differs ? total.rawCostUsd().multiply(new BigDecimal("0.93")).setScale(6, RoundingMode.HALF_UP)
                        : total.rawCostUsd();
                jdbc.sql("""
                                insert into provider_usage (account_id, day, model, input_tokens, cached_tokens, cache_write_tokens,
                                                            output_tokens, requests) values (?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(accountId, Date.valueOf(total.day()), total.model(), total.tokens().input(),
                                total.tokens().cachedInput(), total.tokens().cacheWrite5m() + total.tokens().cacheWrite1h(), output,
                                total.tokens().requests())
                        .update();
                jdbc.sql("insert into provider_cost (account_id, day, line_item, model, cost_usd) values (?, ?, ?, ?, ?)")
                        .params(accountId, Date.valueOf(total.day()), total.model() + ", input and output", total.model(), cost)
                        .update();
            }
            Reconciler.Outcome outcome = reconciler.reconcile(account, first, today);
            return "demo reports, " + outcome.imported() + " days imported, " + outcome.mismatches() + " mismatches";
        });
    }
}
