package dev.tokentally.ui;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.tokentally.accounts.SignedInUser;
import dev.tokentally.base.Money;
import dev.tokentally.budgets.BudgetAlertHistory;
import dev.tokentally.budgets.BudgetStatus;
import dev.tokentally.budgets.Budgets;
import dev.tokentally.chat.ChatThread;
import dev.tokentally.chat.ChatThreads;
import dev.tokentally.invoicing.Invoice;
import dev.tokentally.invoicing.Invoices;
import dev.tokentally.models.SpendGate;
import dev.tokentally.organizations.OrganizationLocale;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.providersync.ProviderAccounts;
import dev.tokentally.providersync.Reconciliations;
import dev.tokentally.providersync.SyncRuns;
import dev.tokentally.usage.OrganizationTotals;
import dev.tokentally.usage.TopEntry;
import dev.tokentally.usage.UsageSummary;
import dev.tokentally.usage.UsageTotals;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * What Home shows, per role, gathered from the modules that own each figure. The figures come from the
 * ledger's rollups; this class only puts them side by side and projects the month's end.
 */
@Service
class HomeFigures {

    /** Budgets at or past this share of their limit, or projected to pass it, are "at risk". */
    static final BigDecimal AT_RISK_PERCENT = new BigDecimal("75");
    private static final int RECENT = 5;

    record ThreadLine(long id, String title, Instant updatedAt) {
    }

    record MemberFigures(UsageSummary today, UsageSummary month, Optional<SpendGate.Allowance> allowance, List<ThreadLine> threads) {
    }

    /**
     * @param lastMonth        last month's usage as the rollups sum it, before any invoice rounds it per line
     * @param lastMonthInvoice last month's issued invoice, else its draft, null while there is neither
     * @param lastMonthSoFar   last month from its first day to the same day of the month as today
     * @param forecast         this month's cost at the month to date's rate, null before anything is spent
     */
    record OrganizationFigures(UsageSummary today, UsageSummary month, Money lastMonth, Invoice lastMonthInvoice,
                               Money lastMonthSoFar, Money forecast,
                               List<BudgetStatus> budgetsAtRisk, List<BudgetAlertHistory.Entry> alerts,
                               List<TopEntry> topModels, List<TopEntry> topMembers, List<TopEntry> topTeams) {
    }

    record PlatformFigures(List<SyncRuns.JobStatus> jobs, long syncAccounts,
                           long openMismatches) {
    }

    private final UsageTotals totals;
    private final Budgets budgets;
    private final BudgetAlertHistory alerts;
    private final ChatThreads threads;
    private final ObjectProvider<SpendGate> spendGate;
    private final SyncRuns syncRuns;
    private final ProviderAccounts providerAccounts;
    private final Reconciliations reconciliations;
    private final OrganizationService organizations;
    private final Invoices invoices;
    private final Clock clock;

    HomeFigures(UsageTotals totals, Budgets budgets, BudgetAlertHistory alerts, ChatThreads threads,
                ObjectProvider<SpendGate> spendGate, SyncRuns syncRuns, ProviderAccounts providerAccounts,
                Reconciliations reconciliations, OrganizationService organizations, Invoices invoices, Clock clock) {
        this.totals = totals;
        this.budgets = budgets;
        this.alerts = alerts;
        this.threads = threads;
        this.spendGate = spendGate;
        this.syncRuns = syncRuns;
        this.providerAccounts = providerAccounts;
        this.reconciliations = reconciliations;
        this.organizations = organizations;
        this.invoices = invoices;
        this.clock = clock;
    }

    MemberFigures member(SignedInUser me) {
        long organizationId = me.organizationId();
        return new MemberFigures(totals.today(organizationId, me.id()), totals.monthToDate(organizationId, me.id()),
                spendGate.getIfAvailable(() -> SpendGate.UNLIMITED).allowance(organizationId, me.id()),
                threads.page(null, 0, RECENT).stream().map(HomeFigures::line).toList());
    }

    OrganizationFigures organization(long organizationId) {
        OrganizationLocale locale = organizations.locale(organizationId);
        ZoneId zone = locale.zone();
        Instant now = clock.instant();
        LocalDate today = locale.dayOf(now);
        LocalDate lastMonthFirst = today.withDayOfMonth(1).minusMonths(1);
        LocalDate lastMonthLast = today.withDayOfMonth(1).minusDays(1);
        UsageSummary month = totals.monthToDate(organizationId, null);
        List<BudgetStatus> atRisk = budgets.list(organizationId).stream()
                .filter(status -> status.active() && (status.percent().compareTo(AT_RISK_PERCENT) >= 0
                        || status.projectedToExceedOn() != null))
                .sorted(Comparator.comparing(BudgetStatus::percent).reversed()).toList();
        return new OrganizationFigures(totals.today(organizationId, null), month,
                totals.between(organizationId, null, lastMonthFirst, lastMonthLast).cost(),
                invoices.invoiceOf(organizationId, lastMonthFirst, lastMonthLast).orElse(null),
                totals.between(organizationId, null, lastMonthFirst, today.minusMonths(1)).cost(),
                forecast(month.cost(), today, zone, now), atRisk, alerts.recent(organizationId, 0, RECENT),
                totals.topThisMonth(organizationId, null, UsageTotals.Dimension.MODEL, RECENT),
                totals.topThisMonth(organizationId, null, UsageTotals.Dimension.USER, RECENT),
                totals.topThisMonth(organizationId, null, UsageTotals.Dimension.TEAM, RECENT));
    }

    PlatformFigures platform() {
        return new PlatformFigures(syncRuns.jobs(), providerAccounts.list().size(), reconciliations.mismatches());
    }

    /** A page of every organization's spend, biggest month first. */
    List<OrganizationTotals> organizations(int offset, int limit) {
        return totals.allOrganizations(offset, limit);
    }

    /** The month to date's cost per second of the month gone, over the whole month. */
    static Money forecast(Money monthToDate, LocalDate today, ZoneId zone, Instant now) {
        if (monthToDate.amount().signum() == 0) {
            return null;
        }
        Instant start = today.withDayOfMonth(1).atStartOfDay(zone).toInstant();
        Instant end = today.withDayOfMonth(1).plusMonths(1).atStartOfDay(zone).toInstant();
        long gone = Math.max(1, Duration.between(start, now).toSeconds());
        BigDecimal whole = BigDecimal.valueOf(Duration.between(start, end).toSeconds());
        return new Money(monthToDate.amount().multiply(whole).divide(BigDecimal.valueOf(gone), MathContext.DECIMAL64),
                monthToDate.currency());
    }

    private static ThreadLine line(ChatThread thread) {
        return new ThreadLine(thread.id(), thread.title(), thread.updatedAt());
    }
}
