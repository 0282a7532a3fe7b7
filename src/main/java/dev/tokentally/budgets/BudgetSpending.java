package dev.tokentally.budgets;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import dev.tokentally.base.Money;
import dev.tokentally.organizations.OrganizationLocale;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.organizations.TeamDirectory;
import dev.tokentally.usage.TaggedSpend;
import dev.tokentally.usage.UsageTotals;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** What a budget has spent and holds reserved in its current period, from the ledger's rollups (a tag budget's: its events). */
@Component
@Transactional(readOnly = true)
class BudgetSpending {

    private final UsageTotals totals;
    private final TaggedSpend tagged;
    private final OrganizationService organizations;
    private final TeamDirectory directory;
    private final JdbcClient jdbc;
    private final Clock clock;

    BudgetSpending(UsageTotals totals, TaggedSpend tagged, OrganizationService organizations, TeamDirectory directory,
                   JdbcClient jdbc, Clock clock) {
        this.tagged = tagged;
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
        Held held = held(budget, window);
        BigDecimal spent = held.spent();
        return new BudgetStatus(budget, window, new Money(spent, locale.currency()),
                new Money(held.reserved(), locale.currency()), window.daysLeft(today),
                projectedToExceedOn(budget.getAmount(), spent, window, locale.zone(), now));
    }

    /** The usage a budget counts: a team's includes its sub-teams'. */
    UsageTotals.Filter filter(Budget budget) {
        return new UsageTotals.Filter(budget.getScope() == Budget.Scope.USER ? budget.getUserId() : null,
                budget.getScope() == Budget.Scope.AGENT ? budget.getAgentName() : null,
                budget.getScope() == Budget.Scope.TEAM
                        ? directory.of(budget.getOrganizationId()).withSubTeams(budget.getTeamId()) : null,
                budget.getScope() == Budget.Scope.API_KEY ? budget.getApiKeyId() : null);
    }

    /** What a budget has spent in its window and holds reserved for calls in flight, as one snapshot saw them. */
    record Held(BigDecimal spent, BigDecimal reserved) {
    }

    private static final String RESERVED = """
            select coalesce(sum(r.amount), 0) from budget_reservation r
            where r.budget_id = :budget and r.expires_at > :now""";

    /**
     * Spent and reserved read in one snapshot: a call that ends moves its cost from reserved to spent in one
     * transaction, so a reader sees it in exactly one of the two, with no lock taken to let go of a reservation.
     */
    Held held(Budget budget, PeriodWindow window) {
        UsageTotals.Subquery spent = spentIn(budget, window);
        return jdbc.sql("select (" + spent.sql() + "), (" + RESERVED + ")").params(spent.params())
                .param("budget", budget.getId()).param("now", Timestamp.from(clock.instant()))
                .query((rs, row) -> new Held(rs.getBigDecimal(1), rs.getBigDecimal(2))).single();
    }

    /** What {@link #reserveIfRoom} saw, and whether the reservation was made. */
    record Check(Held held, boolean reserved) {
    }

    /**
     * Reserves {@code amount} against the budget for the call when it fits beside what is spent and reserved, checked
     * and written by one statement. The caller holds the budget's row lock, taken by an earlier statement, so the
     * snapshot includes every reservation made before it.
     */
    Check reserveIfRoom(Budget budget, PeriodWindow window, UUID call, BigDecimal amount, Instant expires) {
        UsageTotals.Subquery spent = spentIn(budget, window);
        return jdbc.sql("with held as (select (" + spent.sql() + ") as spent, (" + RESERVED + ") as reserved),"
                        + """
                         reserving as (
                            insert into budget_reservation (call_id, budget_id, amount, expires_at)
                            select :call, :budget, cast(:amount as numeric), :expires from held
                            where held.spent + held.reserved + cast(:amount as numeric) <= cast(:limit as numeric)
                            returning call_id)
                        select held.spent, held.reserved, exists (select 1 from reserving) from held""")
                .params(spent.params()).param("budget", budget.getId()).param("now", Timestamp.from(clock.instant()))
                .param("call", call).param("amount", amount).param("expires", Timestamp.from(expires))
                .param("limit", budget.getAmount())
                .query((rs, row) -> new Check(new Held(rs.getBigDecimal(1), rs.getBigDecimal(2)), rs.getBoolean(3)))
                .single();
    }

    /**
     * What {@link #leaseOrReserve} saw and did: {@code fits} whether the call fits at all; {@code leased} whether the lease
     * row now holds {@code leaseAmount} (the calls in flight, this call and room to spare), else the call holds a row of its
     * own (when it fits) and the lease row only what the calls in flight hold.
     */
    record LeaseCheck(Held held, boolean fits, boolean leased, BigDecimal leaseAmount) {
    }

    /**
     * A lease's grant, checked and written by one statement under the budget's row lock, as {@link #reserveIfRoom} is. The
     * headroom is the limit less the spend and everyone else's reservations; the lease row is rewritten to cover
     * {@code inFlight} (its calls not yet recorded), this call's {@code amount} and room for {@code callsPerLease} more
     * calls like it, at most an eighth of the headroom left, when that is room for at least {@code leastCalls}. Otherwise
     * the call is reserved on its own, as by {@link #reserveIfRoom}, and the lease row shrinks to {@code inFlight}.
     */
    LeaseCheck leaseOrReserve(Budget budget, PeriodWindow window, UUID lease, UUID call, BigDecimal inFlight, BigDecimal amount,
                              Instant expires, Instant leaseExpires, int callsPerLease, int leastCalls) {
        UsageTotals.Subquery spent = spentIn(budget, window);
        return jdbc.sql("with held as (select (" + spent.sql() + ") as spent, (" + RESERVED + " and r.call_id <> :lease) as reserved),"
                        + """
                         spare as (
                            select spent, reserved, least(cast(:amount as numeric) * :perLease, trunc(
                                (cast(:limit as numeric) - spent - reserved - cast(:inFlight as numeric) - cast(:amount as numeric)) / 8,
                                12)) as room
                            from held),
                         decided as (
                            select spent, reserved, room,
                                   room >= cast(:amount as numeric) * :least and room > 0 as leasing,
                                   spent + reserved + cast(:inFlight as numeric) + cast(:amount as numeric)
                                       <= cast(:limit as numeric) as fits
                            from spare),
                         dropped as (delete from budget_reservation where call_id = :lease),
                         leased as (
                            insert into budget_reservation (call_id, budget_id, amount, expires_at)
                            select :lease, :budget, cast(:inFlight as numeric) + case when leasing
                                then cast(:amount as numeric) + room else 0 end, :leaseExpires
                            from decided where leasing or cast(:inFlight as numeric) > 0),
                         alone as (
                            insert into budget_reservation (call_id, budget_id, amount, expires_at)
                            select :call, :budget, cast(:amount as numeric), :expires from decided where not leasing and fits)
                        select spent, reserved, fits, leasing, cast(:inFlight as numeric) + case when leasing
                            then cast(:amount as numeric) + room else 0 end from decided""")
                .params(spent.params()).param("budget", budget.getId()).param("now", Timestamp.from(clock.instant()))
                .param("lease", lease).param("call", call).param("amount", amount).param("inFlight", inFlight)
                .param("expires", Timestamp.from(expires)).param("leaseExpires", Timestamp.from(leaseExpires))
                .param("limit", budget.getAmount()).param("perLease", callsPerLease).param("least", leastCalls)
                .query((rs, row) -> new LeaseCheck(new Held(rs.getBigDecimal(1), rs.getBigDecimal(2).add(inFlight)),
                        rs.getBoolean(3), rs.getBoolean(4), rs.getBigDecimal(5)))
                .single();
    }

    private UsageTotals.Subquery spentIn(Budget budget, PeriodWindow window) {
        if (budget.getScope() == Budget.Scope.TAG) {
            return tagged.spentSubquery(budget.getOrganizationId(), budget.getTagKey(), budget.getTagValue(), window.first(),
                    window.last());
        }
        return totals.spentSubquery(budget.getOrganizationId(), filter(budget), window.first(), window.last());
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
        // Compared before it becomes an instant: a large limit at a small spend lies beyond the last instant there is.
        if (secondsToLimit.compareTo(BigDecimal.valueOf(total)) >= 0) {
            return null;
        }
        return start.plusSeconds(secondsToLimit.longValue()).atZone(zone).toLocalDate();
    }
}
