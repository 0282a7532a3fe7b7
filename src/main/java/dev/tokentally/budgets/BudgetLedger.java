package dev.tokentally.budgets;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import dev.tokentally.base.Money;
import dev.tokentally.organizations.OrganizationLocale;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.organizations.TeamDirectory;
import dev.tokentally.usage.UsageTotals;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** What a budget has spent and holds reserved in its current period, from the ledger's rollups. */
@Component
@Transactional(readOnly = true)
class BudgetLedger {

    private final UsageTotals totals;
    private final OrganizationService organizations;
    private final TeamDirectory directory;
    private final JdbcClient jdbc;
    private final Clock clock;

    BudgetLedger(UsageTotals totals, OrganizationService organizations, TeamDirectory directory, JdbcClient jdbc,
                 Clock clock) {
        this.directory = directory;
        this.totals = totals;
        this.organizations = organizations;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    BudgetStatus status(Budget budget) {
        OrganizationLocale locale = organizations.locale(budget.getOrganizationId());
        Instant now = clock.instant();
        LocalDate today = locale.dayOf(now);
        PeriodWindow window = PeriodWindow.of(budget, today).orElse(null);
        if (window == null) {
            Money zero = new Money(BigDecimal.ZERO, locale.currency());
            return new BudgetStatus(budget, null, zero, zero, 0, null);
        }
        BigDecimal spent = spent(budget, window);
        return new BudgetStatus(budget, window, new Money(spent, locale.currency()),
                new Money(reserved(budget.getId()), locale.currency()), window.daysLeft(today),
                projectedToExceedOn(budget.getAmount(), spent, window, locale.zone(), now));
    }

    BigDecimal spent(Budget budget, PeriodWindow window) {
        return totals.spent(budget.getOrganizationId(), filter(budget), window.first(), window.last());
    }

    /** The usage a budget counts: a team's includes its sub-teams'. */
    UsageTotals.Filter filter(Budget budget) {
        return new UsageTotals.Filter(budget.getScope() == Budget.Scope.USER ? budget.getUserId() : null,
                budget.getScope() == Budget.Scope.AGENT ? budget.getAgentName() : null,
                budget.getScope() == Budget.Scope.TEAM
                        ? directory.of(budget.getOrganizationId()).withSubTeams(budget.getTeamId()) : null,
                budget.getScope() == Budget.Scope.API_KEY ? budget.getApiKeyId() : null);
    }

    BigDecimal reserved(long budgetId) {
        return jdbc.sql("select coalesce(sum(amount), 0) from budget_reservation where budget_id = ? and expires_at > ?")
                .params(budgetId, Timestamp.from(clock.instant())).query(BigDecimal.class).single();
    }

    LocalDate today(long organizationId) {
        return organizations.locale(organizationId).today(clock);
    }

    /**
     * The day the period's run rate so far reaches the limit, when that is before the period ends and the
     * limit is not reached yet; null otherwise, and null during the first tenth of the period, whose rate
     * says too little.
     */
    static LocalDate projectedToExceedOn(BigDecimal limit, BigDecimal spent, PeriodWindow window, ZoneId zone, Instant now) {
        Instant start = window.first().atStartOfDay(zone).toInstant();
        Instant end = window.last().plusDays(1).atStartOfDay(zone).toInstant();
        long elapsed = Duration.between(start, now).toSeconds();
        long total = Duration.between(start, end).toSeconds();
        if (spent.signum() <= 0 || spent.compareTo(limit) >= 0 || elapsed * 10 < total) {
            return null;
        }
        BigDecimal secondsToLimit = limit.multiply(BigDecimal.valueOf(elapsed)).divide(spent, MathContext.DECIMAL64);
        Instant crossing = start.plusSeconds(secondsToLimit.longValue());
        return crossing.isBefore(end) ? crossing.atZone(zone).toLocalDate() : null;
    }
}
