package dev.tokentally.demo;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.tokentally.accounts.Role;
import dev.tokentally.accounts.UserAccount;
import dev.tokentally.accounts.UserAccountService;
import dev.tokentally.budgets.Budget;
import dev.tokentally.budgets.BudgetAlerts;
import dev.tokentally.budgets.Budgets;
import dev.tokentally.chat.DemoThreads;
import dev.tokentally.invoicing.Invoice;
import dev.tokentally.invoicing.Invoices;
import dev.tokentally.organizations.Organization;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.providersync.DemoProviderReports;
import dev.tokentally.providersync.ProviderAccount;
import dev.tokentally.providersync.ProviderAccounts;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageTotals;
import org.springframework.data.domain.Pageable;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Two months of the demo organizations' life, ending today: usage through the one recording service, Alice's
 * and Bob's chats, last months' invoices issued and paid, this month's draft, budgets (one near 80 %, one soft
 * budget passed, their alerts in the outbox) and an OpenAI sync account whose reconciliation finds one
 * mismatch; Initech's prepaid credits burnt down to just above its auto top-up threshold ({@link InitechHistory}). Written by the platform admin through each module's own services, so every figure follows from
 * the ledger as it would in use. Expects the demo organizations, users and agents to exist.
 */
@Component
public class DemoHistory {

    /** Who writes the history; the demo's platform admin. */
    public static final String PLATFORM_ADMIN_EMAIL = "root@tokentally.test";
    private static final int BATCH = 1_000;
    /** The OpenAI account's reconciliation disagrees from this many days back (UTC), a settled day. */
    private static final int MISMATCH_DAYS_AGO = 3;

    private final OrganizationService organizations;
    private final UserAccountService users;
    private final UserDetailsService userDetails;
    private final UsageRecorder recorder;
    private final UsageTotals totals;
    private final DemoThreads threads;
    private final Invoices invoices;
    private final Budgets budgets;
    private final BudgetAlerts alerts;
    private final ProviderAccounts providerAccounts;
    private final DemoProviderReports providerReports;
    private final InitechHistory initech;
    private final Clock clock;

    DemoHistory(OrganizationService organizations, UserAccountService users, UserDetailsService userDetails,
                UsageRecorder recorder, UsageTotals totals, DemoThreads threads, Invoices invoices, Budgets budgets,
                BudgetAlerts alerts, ProviderAccounts providerAccounts, DemoProviderReports providerReports, InitechHistory initech,
                Clock clock) {
        this.organizations = organizations;
        this.users = users;
        this.userDetails = userDetails;
        this.recorder = recorder;
        this.totals = totals;
        this.threads = threads;
        this.invoices = invoices;
        this.budgets = budgets;
        this.alerts = alerts;
        this.providerAccounts = providerAccounts;
        this.providerReports = providerReports;
        this.initech = initech;
        this.clock = clock;
    }

    /** Writes the history in the caller's transaction (or one of its own). */
    @Transactional
    public void load() {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContextHolder.setContext(platformAdmin());
        try {
            Instant now = clock.instant();
            Organization acme = organization("acme");
            Organization globex = organization("globex");
            loadAcme(acme, now);
            loadGlobex(globex, now);
            initech.load(now);
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    private void loadAcme(Organization acme, Instant now) {
        long id = acme.getId();
        member(acme, "carol@acme.test", "Carol Chen");
        member(acme, "dave@acme.test", "Dave Fischer");
        Map<String, Long> people = users.memberIds(id, List.of("admin@acme.test", "alice@acme.test", "bob@acme.test",
                "carol@acme.test", "dave@acme.test"));
        long alice = people.get("alice@acme.test");
        long bob = people.get("bob@acme.test");
        // Teams: once organizations has teams, Carol and Dave form "Platform", Alice and Bob "Support"; the
        // callers then carry their team and a team budget joins the two below.
        record(id, UsagePlan.calls(new UsagePlan.Profile("acme", zone(acme), 110, List.of(
                new UsagePlan.Caller(people.get("admin@acme.test"), null, null, 1),
                new UsagePlan.Caller(alice, null, null, 4),
                new UsagePlan.Caller(alice, null, "Support writer", 3),
                new UsagePlan.Caller(bob, null, null, 3),
                new UsagePlan.Caller(bob, null, "Code reviewer", 2),
                new UsagePlan.Caller(people.get("carol@acme.test"), null, null, 3),
                new UsagePlan.Caller(people.get("dave@acme.test"), null, "Code reviewer", 2),
                new UsagePlan.Caller(null, "helpdesk-backend", "Ticket triage", 3)), List.of(
                new UsagePlan.Model("openai", "gpt-4o-mini", 8, 10000, 1000, UsagePlan.Caching.OPENAI),
                new UsagePlan.Model("openai", "gpt-4o", 3, 16000, 1600, UsagePlan.Caching.OPENAI),
                new UsagePlan.Model("anthropic", "claude-sonnet-4-20250514", 5, 6000, 1800, UsagePlan.Caching.ANTHROPIC),
                new UsagePlan.Model("google", "gemini-2.5-flash", 3, 24000, 1400, UsagePlan.Caching.NONE),
                new UsagePlan.Model("demo", "demo-mini", 2, 2000, 500, UsagePlan.Caching.NONE)),
                new UsagePlan.Caller(null, "ci-pipeline", "Code reviewer", 1),
                new UsagePlan.Model("anthropic", "claude-sonnet-4-20250514", 1, 6000, 1800, UsagePlan.Caching.ANTHROPIC)),
                now));
        threads.add(id, DemoConversations.of(alice, bob, now));
        invoiceEarlierMonths(id, zone(acme), now);
        budget(id, "Acme monthly", Budget.Scope.ORGANIZATION, null, Budget.Enforcement.HARD,
                limit(monthToDate(id, null), "0.79"));
        budget(id, "Bob's monthly allowance", Budget.Scope.USER, bob, Budget.Enforcement.SOFT,
                limit(monthToDate(id, bob), "1.15"));
        alerts.check(id);
        ProviderAccount openAi = providerAccounts.save(null, new ProviderAccounts.Change(id, "openai", "Acme OpenAI (demo)", null,
                "sk-admin-demo-" + secret(), null, null, false));
        providerReports.reportAndReconcile(openAi.id(), MISMATCH_DAYS_AGO);
    }

    private void loadGlobex(Organization globex, Instant now) {
        long id = globex.getId();
        member(globex, "gina@globex.test", "Gina Ortiz");
        member(globex, "hank@globex.test", "Hank Moreno");
        Map<String, Long> people = users.memberIds(id, List.of("admin@globex.test", "gina@globex.test", "hank@globex.test"));
        record(id, UsagePlan.calls(new UsagePlan.Profile("globex", zone(globex), 60, List.of(
                new UsagePlan.Caller(people.get("admin@globex.test"), null, null, 1),
                new UsagePlan.Caller(people.get("gina@globex.test"), null, "Research assistant", 4),
                new UsagePlan.Caller(people.get("hank@globex.test"), null, null, 3),
                new UsagePlan.Caller(null, "billing-service", "Invoice extractor", 3)), List.of(
                new UsagePlan.Model("openai", "gpt-4.1-mini", 5, 12000, 800, UsagePlan.Caching.OPENAI),
                new UsagePlan.Model("anthropic", "claude-sonnet-4-20250514", 3, 8000, 1400, UsagePlan.Caching.ANTHROPIC),
                new UsagePlan.Model("google", "gemini-2.5-flash", 4, 32000, 1200, UsagePlan.Caching.NONE),
                new UsagePlan.Model("google", "gemini-2.5-pro", 1, 20000, 2400, UsagePlan.Caching.NONE)),
                new UsagePlan.Caller(null, "billing-service", "Invoice extractor", 1),
                new UsagePlan.Model("google", "gemini-2.5-flash", 1, 32000, 1200, UsagePlan.Caching.NONE)),
                now));
        invoiceEarlierMonths(id, zone(globex), now);
        budget(id, "Globex monthly", Budget.Scope.ORGANIZATION, null, Budget.Enforcement.SOFT,
                limit(monthToDate(id, null), "0.45"));
        alerts.check(id);
    }

    /**
     * Last month, and the month before when the history reaches into it, issued and paid; this month as a draft.
     * An invoice is issued and paid on the day the demo is loaded: the invoicing services take "today" from the clock.
     */
    private void invoiceEarlierMonths(long organizationId, ZoneId zone, Instant now) {
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate thisMonth = today.withDayOfMonth(1);
        List<LocalDate> months = new ArrayList<>();
        if (today.minusDays(UsagePlan.DAYS - 1).isBefore(thisMonth.minusMonths(1))) {
            months.add(thisMonth.minusMonths(2));
        }
        months.add(thisMonth.minusMonths(1));
        for (LocalDate first : months) {
            Invoice draft = invoices.createDraft(organizationId, first, first.plusMonths(1).minusDays(1));
            Invoice issued = invoices.issue(draft.id());
            invoices.markPaid(issued.id(), today, "Bank transfer " + issued.number());
        }
        invoices.createDraft(organizationId, thisMonth, thisMonth.plusMonths(1).minusDays(1));
    }

    private void budget(long organizationId, String name, Budget.Scope scope, Long userId, Budget.Enforcement enforcement,
                        BigDecimal amount) {
        Budget budget = new Budget();
        budget.setName(name);
        budget.setScope(scope);
        budget.setUserId(userId);
        budget.setPeriod(Budget.Period.MONTHLY);
        budget.setEnforcement(enforcement);
        budget.setAmount(amount);
        budgets.save(organizationId, budget);
    }

    /** A round limit (three significant digits) that the spend so far is about {@code share} of. */
    private static BigDecimal limit(BigDecimal spent, String share) {
        BigDecimal exact = spent.divide(new BigDecimal(share), MathContext.DECIMAL64);
        return exact.signum() == 0 ? BigDecimal.ONE : exact.round(new MathContext(3, RoundingMode.CEILING));
    }

    private BigDecimal monthToDate(long organizationId, Long userId) {
        return totals.monthToDate(organizationId, userId).cost().amount();
    }

    private void record(long organizationId, List<ReportedCall> calls) {
        for (int from = 0; from < calls.size(); from += BATCH) {
            recorder.recordAll(organizationId, calls.subList(from, Math.min(calls.size(), from + BATCH)));
        }
    }

    /** A member for the figures; not one of the sign-ins the README names, so their password is random. */
    private void member(Organization organization, String email, String name) {
        UserAccount draft = new UserAccount();
        draft.setEmail(email);
        draft.setDisplayName(name);
        draft.setRole(Role.MEMBER);
        users.create(draft, organization.getId(), secret());
    }

    private Organization organization(String slug) {
        return organizations.list(slug, Pageable.unpaged()).stream().filter(organization -> organization.getSlug().equals(slug))
                .findFirst().orElseThrow(() -> new IllegalStateException("The demo organization " + slug + " is missing"));
    }

    private static ZoneId zone(Organization organization) {
        return ZoneId.of(organization.getTimeZone());
    }

    private SecurityContext platformAdmin() {
        UserDetails admin = userDetails.loadUserByUsername(PLATFORM_ADMIN_EMAIL);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(admin, null, admin.getAuthorities()));
        return context;
    }

    private static String secret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().encodeToString(bytes);
    }
}
