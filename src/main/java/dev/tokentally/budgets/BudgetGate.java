package dev.tokentally.budgets;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.tokentally.base.Money;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.models.SpendGate;
import dev.tokentally.models.SpendRefusedException;
import dev.tokentally.organizations.TeamDirectory;
import dev.tokentally.organizations.UserAccountService;
import dev.tokentally.pricing.CallQuotes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Hard budgets hold under concurrency: a chat or gateway call reserves its worst-case cost (prompt tokens and
 * the most it may answer, priced, marked up and converted) against every hard budget on its path (the
 * organization, the team the call will be charged to and that team's parent, the member, the agent, the key)
 * while holding those budgets' row locks, taken in id order, so concurrent calls see each other's reservations
 * and can never together pass a limit. The answer's transaction replaces all of the call's reservations by the
 * real cost at once.
 */
@Component
class BudgetGate implements SpendGate {

    /** How long a reservation counts if its call never ends (the application stopped mid-answer). */
    static final Duration RESERVATION_LIFETIME = Duration.ofMinutes(20);
    private final BudgetRepository budgets;
    private final BudgetLedger ledger;
    private final CallQuotes quotes;
    private final UserAccountService users;
    private final TeamDirectory directory;
    private final JdbcClient jdbc;
    private final Clock clock;

    BudgetGate(BudgetRepository budgets, BudgetLedger ledger, CallQuotes quotes, UserAccountService users,
               TeamDirectory directory, JdbcClient jdbc, Clock clock) {
        this.directory = directory;
        this.budgets = budgets;
        this.ledger = ledger;
        this.quotes = quotes;
        this.users = users;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    @Transactional
    public Reservation reserve(SpendRequest request) {
        List<Budget> hard = applicable(request.organizationId(), request.userId(), request.agentName(),
                teamPath(request), request.apiKeyId()).stream()
                .filter(budget -> budget.getEnforcement() == Budget.Enforcement.HARD)
                .sorted(Comparator.comparing(Budget::getId)).toList();
        if (hard.isEmpty()) {
            return () -> {
            };
        }
        Money cost = worstCase(request);
        UUID call = UUID.randomUUID();
        LocalDate today = ledger.today(request.organizationId());
        Instant expires = clock.instant().plus(RESERVATION_LIFETIME);
        for (Budget budget : hard) {
            // Budgets are locked in id order, so two calls never wait for each other's locks in a circle.
            jdbc.sql("select id from budget where id = ? for update").param(budget.getId()).query(Long.class).single();
            Optional<PeriodWindow> window = PeriodWindow.of(budget, today);
            if (window.isEmpty()) {
                continue;
            }
            BigDecimal spent = ledger.spent(budget, window.get());
            BigDecimal reserved = ledger.reserved(budget.getId());
            if (spent.add(reserved).add(cost.amount()).compareTo(budget.getAmount()) > 0) {
                throw new SpendRefusedException(refusal(budget, window.get(), spent, reserved, cost));
            }
            jdbc.sql("insert into budget_reservation (call_id, budget_id, amount, expires_at) values (?, ?, ?, ?)")
                    .params(call, budget.getId(), cost.amount(), Timestamp.from(expires)).update();
        }
        return () -> {
            // Under the same budget locks as reserving: a reservation being checked sees this call's cost either as
            // reserved or as spent, never in neither place.
            jdbc.sql("select id from budget where id in (select budget_id from budget_reservation where call_id = ?) order by id for update")
                    .param(call).query(Long.class).list();
            jdbc.sql("delete from budget_reservation where call_id = ?").param(call).update();
        };
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<String> allowance(long organizationId, long userId) {
        TeamDirectory.OrganizationTeams teams = directory.of(organizationId);
        return applicable(organizationId, userId, null, teams.path(teams.attribute(null, null, null, userId)), null)
                .stream().filter(budget -> budget.getScope() != Budget.Scope.AGENT)
                .map(ledger::status).filter(BudgetStatus::active)
                .min(Comparator.comparing(status -> status.remaining().amount()))
                .map(status -> MoneyText.format(status.remaining()) + " left of " + status.budget().getName()
                        + " (" + status.daysLeft() + (status.daysLeft() == 1 ? " day" : " days") + " to go)");
    }

    /** The team the call will be charged to (decided as the ledger will decide it) and its parent. */
    private List<Long> teamPath(SpendRequest request) {
        Long userId = request.userId() == 0 ? null : request.userId();
        TeamDirectory.OrganizationTeams teams = directory.knowing(request.organizationId(),
                Collections.singletonList(request.apiKeyId()), Collections.singletonList(request.teamId()));
        return teams.path(teams.attribute(request.apiKeyId(), request.agentName(), request.teamId(), userId));
    }

    private List<Budget> applicable(long organizationId, long userId, String agentName, List<Long> teamPath, Long apiKeyId) {
        return budgets.findByOrganizationIdOrderByName(organizationId).stream()
                .filter(budget -> switch (budget.getScope()) {
                    case ORGANIZATION -> true;
                    case USER -> budget.getUserId() == userId;
                    case AGENT -> budget.getAgentName().equals(agentName);
                    case TEAM -> teamPath.contains(budget.getTeamId());
                    case API_KEY -> budget.getApiKeyId().equals(apiKeyId);
                })
                .toList();
    }

    /** The most the call can cost: its prompt and its largest possible answer at today's prices, no volume discount. */
    Money worstCase(SpendRequest request) {
        long output = request.maxOutputTokens() > 0 ? request.maxOutputTokens() : CallQuotes.DEFAULT_MAX_OUTPUT_TOKENS;
        return quotes.worstCase(request.organizationId(), request.modelId(), request.inputTokens(), output);
    }

    private String refusal(Budget budget, PeriodWindow window, BigDecimal spent, BigDecimal reserved, Money cost) {
        String currency = cost.currency();
        BigDecimal left = budget.getAmount().subtract(spent).subtract(reserved).max(BigDecimal.ZERO);
        String contact = String.join(", ", users.adminEmails(budget.getOrganizationId()));
        String ask = contact.isEmpty() ? "Ask an organization admin to raise it." : "Ask an organization admin (" + contact + ") to raise it.";
        if (spent.compareTo(budget.getAmount()) >= 0) {
            return "The budget “" + budget.getName() + "” is used up (" + MoneyText.format(new Money(spent, currency))
                    + " of " + MoneyText.format(new Money(budget.getAmount(), currency)) + " spent) until " + window.last()
                    + ". " + ask;
        }
        return "The budget “" + budget.getName() + "” has " + MoneyText.format(new Money(left, currency))
                + " left until " + window.last() + ", less than this message may cost (up to "
                + MoneyText.format(cost) + "). " + ask;
    }
}
