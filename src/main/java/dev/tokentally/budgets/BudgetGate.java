package dev.tokentally.budgets;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.tokentally.accounts.UserAccountService;
import dev.tokentally.base.Money;
import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.credits.CreditHold;
import dev.tokentally.models.SpendGate;
import dev.tokentally.models.SpendRefusedException;
import dev.tokentally.organizations.OrganizationLocale;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.organizations.TeamDirectory;
import dev.tokentally.pricing.BillingTerms;
import dev.tokentally.pricing.CallContext;
import dev.tokentally.pricing.CallQuotes;
import dev.tokentally.pricing.MissingExchangeRateException;
import dev.tokentally.pricing.OrganizationPricing;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.PricedModel;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hard budgets hold under concurrency: a chat or gateway call reserves its worst-case cost (prompt tokens and
 * the most it may answer, priced, marked up and converted) against every hard budget on its path (the
 * organization, the team the call will be charged to and that team's parent, the member, the agent, the key, its tags).
 * Far from a budget's limit the call takes it from this instance's lease of the budget ({@link BudgetLeases}), in memory;
 * otherwise it reserves while holding those budgets' row locks, taken in id order, so concurrent calls see each other's
 * reservations and can never together pass a limit. The answer's transaction replaces all of the call's reservations by
 * the real cost at once. A prepaid organization's balance is held the same way ({@link CreditHold}). What the gate looks
 * up for this (the call's team, the organization's locale, the model's prices, the day's terms) it returns with the
 * reservation as the call's {@link CallContext}, so the ledger need not ask again. A budget found used up is remembered
 * for a moment ({@link UsedUpBudgets}), so the calls it refuses next cost no round trip to the database.
 */
@Component
class BudgetGate implements SpendGate {

    /** How long a reservation counts if its call never ends (the application stopped mid-answer). */
    static final Duration RESERVATION_LIFETIME = Duration.ofMinutes(20);
    private final BudgetSpending ledger;
    private final UserAccountService users;
    private final TeamDirectory directory;
    private final OrganizationService organizations;
    private final PriceLookup prices;
    private final OrganizationPricing organizationPricing;
    private final CreditHold credits;
    private final BalanceAlerts balanceAlerts;
    private final UsedUpBudgets usedUp;
    private final BudgetLeases leases;
    /** Per organization, its hard budgets (whatever their path), for the calls its leases admit. */
    private final ReferenceCache<Long, List<Budget>> hardBudgets;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    BudgetGate(BudgetSpending ledger, UserAccountService users, TeamDirectory directory, OrganizationService organizations,
               PriceLookup prices, OrganizationPricing organizationPricing, CreditHold credits, BalanceAlerts balanceAlerts,
               UsedUpBudgets usedUp, BudgetLeases leases, ReferenceChanges changes, JdbcClient jdbc,
               TransactionTemplate transaction, Clock clock) {
        this.usedUp = usedUp;
        this.leases = leases;
        this.hardBudgets = changes.cache(10_000, "budget");
        this.transaction = transaction;
        this.directory = directory;
        this.credits = credits;
        this.balanceAlerts = balanceAlerts;
        this.ledger = ledger;
        this.users = users;
        this.organizations = organizations;
        this.prices = prices;
        this.organizationPricing = organizationPricing;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Reservation reserve(SpendRequest request) {
        Instant now = clock.instant();
        TeamDirectory.OrganizationTeams teams = directory.knowing(request.organizationId(),
                Collections.singletonList(request.apiKeyId()), Collections.singletonList(request.teamId()));
        Long teamId = teams.attribute(request.apiKeyId(), request.agentName(), request.teamId(),
                request.userId() == 0 ? null : request.userId());
        CallContext context = context(request, teamId, now);
        List<Long> teamPath = teams.path(teamId);
        UsedUpBudgets.Remembered remembered = usedUp.of(request.organizationId());
        Optional<String> known = remembered.refusal(request, teamPath, context.day(), now);
        if (known.isPresent() && worstCase(request, context, now).amount().signum() > 0) {
            throw new SpendRefusedException(known.get());
        }
        // A team with a wallet of its own is held by its balance alone; other calls of a prepaid organization by its.
        Long teamWallet = teamId != null && credits.holdsTeam(teamId) ? teamId : null;
        boolean prepaid = teamWallet == null && credits.holds(request.organizationId());
        boolean wallet = prepaid || teamWallet != null;
        Object generation = leases.generation(request.organizationId());
        List<BudgetLeases.OnPath> hard = hardOnPath(request, teamPath, context.day());
        if (hard.isEmpty() && !wallet) {
            return new Held(context, NOTHING_HELD);
        }
        Money cost = worstCase(request, context, now);
        List<BudgetLeases.Lease> taken = wallet ? null
                : leases.takeIfRoom(request.organizationId(), hard, cost.amount(), generation, now);
        if (taken != null) {
            return new Held(context, () -> leases.finish(request.organizationId(), taken, cost.amount()));
        }
        try {
            boolean joined = TransactionSynchronizationManager.isActualTransactionActive();
            Reserved reserved = transaction.execute(status -> reserve(request, cost, teamWallet, prepaid, joined, teamPath,
                    context.day(), generation, now));
            return new Held(context, letGo(reserved, cost.amount()));
        } catch (BudgetFull full) {
            // Told after the transaction, whose budget locks other calls wait for, has rolled back.
            String refusal = refusal(full.budget, full.window, full.held.spent(), full.held.reserved(), full.cost);
            if (full.held.spent().compareTo(full.budget.getAmount()) >= 0) {
                remembered.remember(full.budget, full.window, now, refusal);
            }
            throw new SpendRefusedException(refusal);
        }
    }

    private static final Runnable NOTHING_HELD = () -> {
    };

    /** The organization's hard budgets on the call's path, active today, as cached (the transaction reads them again). */
    private List<BudgetLeases.OnPath> hardOnPath(SpendRequest request, List<Long> teamPath, LocalDate today) {
        List<BudgetLeases.OnPath> onPath = new ArrayList<>();
        for (Budget budget : hardBudgets.get(request.organizationId(), id -> onPath(HARD, id, 0, null, List.of(), null, List.of()))) {
            if (UsedUpBudgets.onPath(budget, request, teamPath)) {
                PeriodWindow.of(budget, today).ifPresent(window -> onPath.add(new BudgetLeases.OnPath(budget, window)));
            }
        }
        return onPath;
    }

    /**
     * The reservation against the hard budgets on the call's path, in the caller's transaction: from each budget's lease
     * where its grant has room to spare, else on its own; then the wallet's.
     */
    private Reserved reserve(SpendRequest request, Money cost, Long teamWallet, boolean prepaid, boolean joined, List<Long> teamPath,
                             LocalDate today, Object generation, Instant now) {
        List<Budget> hard = onPath(LOCK_HARD_ON_PATH, request.organizationId(), request.userId(), request.agentName(),
                teamPath, request.apiKeyId(), request.tags().pairs());
        UUID call = UUID.randomUUID();
        Instant expires = now.plus(RESERVATION_LIFETIME);
        // A lease is granted only by a transaction of the gate's own, whose commit makes the grant real.
        boolean leasing = teamWallet == null && !prepaid && cost.amount().signum() > 0 && !joined;
        List<BudgetLeases.Lease> leased = new ArrayList<>();
        boolean alone = false;
        for (Budget budget : hard) {
            Optional<PeriodWindow> window = PeriodWindow.of(budget, today);
            if (window.isEmpty()) {
                continue;
            }
            if (leasing) {
                BudgetLeases.Rewrite rewrite = leases.rewrite(request.organizationId(), budget.getId());
                BudgetSpending.LeaseCheck check = ledger.leaseOrReserve(budget, window.get(), rewrite.lease.id, call,
                        rewrite.inFlight, cost.amount(), expires, now.plus(BudgetLeases.LEASE_LIFETIME), BudgetLeases.CALLS_PER_LEASE,
                        BudgetLeases.LEAST_CALLS);
                if (!check.fits()) {
                    throw new BudgetFull(budget, window.get(), check.held(), cost);
                }
                rewrite.wrote(check, cost.amount(), window.get(), generation, now);
                if (check.leased()) {
                    leased.add(rewrite.lease);
                } else {
                    alone = true;
                }
                continue;
            }
            BudgetSpending.Check check = ledger.reserveIfRoom(budget, window.get(), call, cost.amount(), expires);
            if (!check.reserved()) {
                // The transaction rolls back, and with it what this call reserved against earlier budgets.
                throw new BudgetFull(budget, window.get(), check.held(), cost);
            }
            alone = true;
        }
        if (teamWallet != null) {
            // After the budgets' locks, as the organization's below; a refusal rolls back the budgets' reservations too.
            credits.reserveTeam(request.organizationId(), teamWallet, call, cost, expires);
        } else if (prepaid) {
            // After the budgets' locks, always in this order; a refusal rolls back the budgets' reservations too.
            try {
                credits.reserve(request.organizationId(), call, cost, expires);
            } catch (SpendRefusedException refused) {
                balanceAlerts.refused(request.organizationId());
                throw refused;
            }
        }
        return new Reserved(request.organizationId(), call, alone, prepaid || teamWallet != null, leased);
    }

    /** What the transaction held for the call: rows of its own ({@code alone}), its wallet's hold, room in its leases. */
    private record Reserved(long organizationId, UUID call, boolean alone, boolean wallet, List<BudgetLeases.Lease> leased) {
    }

    /**
     * What lets go of the call's holds. Nothing to lock for it: checks read spent and reserved in one snapshot, and the
     * answer's transaction moves the cost from one to the other at once.
     */
    private Runnable letGo(Reserved reserved, BigDecimal cost) {
        return () -> {
            if (reserved.alone()) {
                jdbc.sql("delete from budget_reservation where call_id = ?").param(reserved.call()).update();
            }
            if (reserved.wallet()) {
                credits.release(reserved.call());
            }
            leases.finish(reserved.organizationId(), reserved.leased(), cost);
        };
    }

    /** A hard budget without room for the call: what the refusal tells, thrown to roll the reservation's transaction back. */
    private static final class BudgetFull extends RuntimeException {

        private final transient Budget budget;
        private final transient PeriodWindow window;
        private final transient BudgetSpending.Held held;
        private final transient Money cost;

        BudgetFull(Budget budget, PeriodWindow window, BudgetSpending.Held held, Money cost) {
            super(null, null, false, false);
            this.budget = budget;
            this.window = window;
            this.held = held;
            this.cost = cost;
        }
    }

    /** A reservation (or none: {@code letGo} does nothing) with what was looked up for it. */
    private record Held(CallContext context, Runnable letGo) implements Reservation {

        @Override
        public void release() {
            letGo.run();
        }
    }

    /**
     * The call's context, each part looked up once, as at the call's start: the day and the terms are the organization's
     * of {@code now}, as the ledger books a call on the day it starts.
     */
    private CallContext context(SpendRequest request, Long teamId, Instant now) {
        OrganizationLocale locale = organizations.locale(request.organizationId());
        Optional<PricedModel> model = prices.model(request.modelId());
        Optional<BillingTerms> terms;
        try {
            terms = Optional.of(organizationPricing.termsAt(request.organizationId(), now));
        } catch (MissingExchangeRateException noRate) {
            terms = Optional.empty(); // refuses a call only when a hard budget needs its cost (below)
        }
        return new CallContext(request.organizationId(), locale, locale.dayOf(now), model, terms, teamId);
    }

    /**
     * The hard budgets on the call's path (organization, the team the call will be charged to and its parent, member,
     * agent, key), read and locked by one statement (LOCK_HARD_ON_PATH) in id order, so two calls never wait for each other's locks in
     * a circle and each check sees every reservation made before it. The reservation's commit does not wait for the
     * disk (the locks go sooner): a reservation only counts while its call is in flight, and a crash of PostgreSQL
     * that lost it would cut that call off from the ledger as well; every check sees it as soon as it commits.
     */
    private static final String BUDGETS = """
            select id, organization_id, name, scope, user_id, agent_name, team_id, api_key_id, period, starts_on, ends_on,
                   amount, enforcement, tag_key, tag_value
            from budget""";

    /** Which budgets are on a call's path, one condition for the gate and for what the chat shows as left. */
    private static final String ON_PATH = """
            (scope = 'ORGANIZATION' or scope = 'USER' and user_id = :user or scope = 'AGENT' and agent_name = :agent
             or scope = 'TEAM' and team_id = any(:teams) or scope = 'API_KEY' and api_key_id = :key
             or scope = 'TAG' and tag_key || '=' || tag_value = any(:tags))""";

    private static final String LOCK_HARD_ON_PATH = BUDGETS
            + ", (select set_config('synchronous_commit', 'off', true)) as reservations_need_no_flush"
            + " where organization_id = :organization and enforcement = 'HARD' and " + ON_PATH
            + " order by id for update of budget";

    private static final String HARD = BUDGETS + " where organization_id = :organization and enforcement = 'HARD'";

    private static final String ALL_ON_PATH = BUDGETS + " where organization_id = :organization and " + ON_PATH;

    /**
     * The organization's budgets on a call's path (its own, the member's, the agent's, those of the team the call is
     * charged to and of that team's parent, the key's), read by {@code sql}.
     */
    private List<Budget> onPath(String sql, long organizationId, long userId, String agentName, List<Long> teamPath,
                                Long apiKeyId, List<String> tags) {
        return jdbc.sql(sql)
                .param("organization", organizationId).param("user", userId).param("agent", agentName)
                .param("teams", teamPath.toArray(Long[]::new)).param("key", apiKeyId).param("tags", tags.toArray(String[]::new))
                .query((rs, row) -> {
                    Budget budget = new Budget();
                    budget.setId(rs.getLong("id"));
                    budget.setOrganizationId(rs.getLong("organization_id"));
                    budget.setName(rs.getString("name"));
                    budget.setScope(Budget.Scope.valueOf(rs.getString("scope")));
                    budget.setUserId((Long) rs.getObject("user_id"));
                    budget.setAgentName(rs.getString("agent_name"));
                    budget.setTeamId((Long) rs.getObject("team_id"));
                    budget.setApiKeyId((Long) rs.getObject("api_key_id"));
                    budget.setPeriod(Budget.Period.valueOf(rs.getString("period")));
                    budget.setStartsOn(rs.getObject("starts_on", LocalDate.class));
                    budget.setEndsOn(rs.getObject("ends_on", LocalDate.class));
                    budget.setAmount(rs.getBigDecimal("amount"));
                    budget.setEnforcement(Budget.Enforcement.valueOf(rs.getString("enforcement")));
                    String tagKey = rs.getString("tag_key");
                    budget.setTag(tagKey == null ? null : tagKey + "=" + rs.getString("tag_value"));
                    return budget;
                }).list();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Allowance> allowance(long organizationId, long userId) {
        TeamDirectory.OrganizationTeams teams = directory.of(organizationId);
        // No agent and no key: what the member's own chat calls must fit.
        return onPath(ALL_ON_PATH, organizationId, userId, null, teams.path(teams.attribute(null, null, null, userId)), null,
                List.of())
                .stream().map(ledger::status).filter(BudgetStatus::active)
                .min(Comparator.comparing(status -> status.remaining().amount()))
                .map(status -> new Allowance(status.remaining(), status.budget().getName(), status.daysLeft()));
    }

    @Override
    @Transactional(readOnly = true)
    public boolean spentAtLeast(SpendRequest request, int percent) {
        TeamDirectory.OrganizationTeams teams = directory.knowing(request.organizationId(),
                Collections.singletonList(request.apiKeyId()), Collections.singletonList(request.teamId()));
        Long teamId = teams.attribute(request.apiKeyId(), request.agentName(), request.teamId(),
                request.userId() == 0 ? null : request.userId());
        return onPath(ALL_ON_PATH, request.organizationId(), request.userId(), request.agentName(), teams.path(teamId),
                request.apiKeyId(), request.tags().pairs()).stream().map(ledger::status)
                .anyMatch(status -> status.active() && status.reached(percent));
    }

    /** What the call would reserve now (for tests that set a budget just above or below it). */
    Money worstCase(SpendRequest request) {
        Instant now = clock.instant();
        return worstCase(request, context(request, null, now), now);
    }

    /** The most the call can cost: its prompt and its largest possible answer at today's prices, no volume discount. */
    private static Money worstCase(SpendRequest request, CallContext context, Instant now) {
        long output = request.maxOutputTokens() > 0 ? request.maxOutputTokens() : SpendRequest.DEFAULT_MAX_OUTPUT_TOKENS;
        BillingTerms terms = context.terms().orElseThrow(
                () -> new MissingExchangeRateException(context.locale().currency(), context.day()));
        return CallQuotes.worstCase(context.prices(), terms, now, request.inputTokens(), output);
    }

    private String refusal(Budget budget, PeriodWindow window, BigDecimal spent, BigDecimal reserved, Money cost) {
        String currency = cost.currency();
        String named = "“" + budget.getName() + "”" + (budget.getScope() == Budget.Scope.TAG ? " (tag " + budget.getTag() + ")" : "");
        BigDecimal left = budget.getAmount().subtract(spent).subtract(reserved).max(BigDecimal.ZERO);
        String contact = String.join(", ", users.adminEmails(budget.getOrganizationId()));
        String ask = contact.isEmpty() ? "Ask an organization admin to raise it." : "Ask an organization admin (" + contact + ") to raise it.";
        if (spent.compareTo(budget.getAmount()) >= 0) {
            return "The budget " + named + " is used up (" + MoneyText.format(new Money(spent, currency))
                    + " of " + MoneyText.format(new Money(budget.getAmount(), currency)) + " spent) until " + window.last()
                    + ". " + ask;
        }
        return "The budget " + named + " has " + MoneyText.format(new Money(left, currency))
                + " left until " + window.last() + ", less than this message may cost (up to "
                + MoneyText.format(cost) + "). " + ask;
    }
}
