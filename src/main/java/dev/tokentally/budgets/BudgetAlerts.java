package dev.tokentally.budgets;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.tokentally.accounts.UserAccountService;
import dev.tokentally.base.TokentallyProperties;
import dev.tokentally.mail.MailOutbox;
import dev.tokentally.mail.channels.AlertChannels;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.organizations.Team;
import dev.tokentally.organizations.TeamDirectory;
import dev.tokentally.usage.OrganizationUsageRecorded;
import dev.tokentally.usage.TopEntry;
import dev.tokentally.usage.UsageTotals;
import jakarta.annotation.PreDestroy;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends each budget's alerts exactly once per period and threshold. Checked after usage is committed
 * (off the recording thread) and by a sweep every minute for anything missed. The alert's row, whose
 * unique key is (budget, period, threshold), is written in the same transaction as its mail in the
 * outbox: a second check, concurrent or after a restart, finds the row and sends nothing.
 */
@Component
@EnableConfigurationProperties(BudgetProperties.class)
public class BudgetAlerts {

    private static final Logger log = LoggerFactory.getLogger(BudgetAlerts.class);
    private static final int TOP = 5;

    private final BudgetRepository budgets;
    private final BudgetSpending ledger;
    private final UsageTotals totals;
    private final MailOutbox outbox;
    private final AlertChannels channels;
    private final OrganizationService organizations;
    private final UserAccountService users;
    private final TeamDirectory directory;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final String baseUrl;
    private final ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Long> pending = ConcurrentHashMap.newKeySet();
    /** When each organization's last check after recording started: under load, one check per organization per {@link #checkEvery}. */
    private final Map<Long, Long> lastStarted = new ConcurrentHashMap<>();
    private final long checkEvery;
    /** The check most recently started after a recording; tests wait for it instead of sleeping. */
    volatile CompletableFuture<Void> lastCheck = CompletableFuture.completedFuture(null);

    BudgetAlerts(BudgetRepository budgets, BudgetSpending ledger, UsageTotals totals, MailOutbox outbox, AlertChannels channels,
                 OrganizationService organizations, UserAccountService users, TeamDirectory directory,
                 JdbcClient jdbc,
                 TransactionTemplate transaction, Clock clock, TokentallyProperties site,
                 BudgetProperties settings) {
        this.checkEvery = settings.checkEvery().toNanos();
        this.budgets = budgets;
        this.ledger = ledger;
        this.totals = totals;
        this.outbox = outbox;
        this.channels = channels;
        this.organizations = organizations;
        this.users = users;
        this.directory = directory;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.baseUrl = site.baseUrl();
    }

    /**
     * After a commit with usage: one check per organization at a time, however many events came in, and under
     * load at most one per {@code tokentally.budgets.check-every}; the check covers everything recorded before it.
     */
    @TransactionalEventListener(fallbackExecution = true)
    void usageRecorded(OrganizationUsageRecorded usage) {
        long organizationId = usage.organizationId();
        if (pending.add(organizationId)) {
            long wait = Math.max(0, lastStarted.getOrDefault(organizationId, Long.MIN_VALUE / 2) + checkEvery - System.nanoTime());
            lastCheck = CompletableFuture.runAsync(() -> {
                lastStarted.put(organizationId, System.nanoTime());
                pending.remove(organizationId);
                try {
                    check(organizationId);
                } catch (RuntimeException failure) {
                    log.warn("Budget check of organization {} failed; the sweep will retry", organizationId, failure);
                }
            }, CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS, checks));
        }
    }

    @Scheduled(fixedDelayString = "${tokentally.budgets.sweep-every}", initialDelayString = "${tokentally.budgets.sweep-every}")
    @SchedulerLock(name = "budget-sweep", lockAtMostFor = "PT5M")
    public void sweep() {
        jdbc.sql("delete from budget_reservation where expires_at < ?").param(Timestamp.from(clock.instant())).update();
        jdbc.sql("select distinct organization_id from budget").query(Long.class).list().forEach(this::check);
    }

    /** Checks every budget of the organization; returns how many alert mails were queued. */
    public int check(long organizationId) {
        int queued = 0;
        for (Budget budget : budgets.findByOrganizationIdOrderByName(organizationId)) {
            Integer sent = transaction.execute(status -> checkOne(budget));
            queued += sent == null ? 0 : sent;
        }
        return queued;
    }

    private int checkOne(Budget budget) {
        BudgetStatus status = ledger.status(budget);
        if (!status.active()) {
            return 0;
        }
        List<Integer> crossed = budget.thresholdList().stream()
                .filter(status::reached).toList();
        List<Integer> fresh = new ArrayList<>();
        for (int threshold : crossed) {
            if (insertAlert(status, threshold, null)) {
                fresh.add(threshold);
            }
        }
        LocalDate forecast = crossed.stream().anyMatch(threshold -> threshold >= 100) ? null : status.projectedToExceedOn();
        if (!fresh.isEmpty()) {
            // Several thresholds crossed at once make one mail, about the highest; a forecast due now rides along.
            long mailId = tell(status, fresh.getLast(), forecast);
            if (forecast != null && insertAlert(status, 0, forecast)) {
                linkMail(status, 0, mailId);
            }
            return 1;
        }
        if (forecast != null && insertAlert(status, 0, forecast)) {
            tell(status, 0, forecast);
            return 1;
        }
        return 0;
    }

    private boolean insertAlert(BudgetStatus status, int threshold, LocalDate forecast) {
        return jdbc.sql("""
                        insert into budget_alert (budget_id, organization_id, budget_name, period_start, threshold, spent, amount,
                                                  forecast_date, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(status.budget().getId(), status.budget().getOrganizationId(), status.budget().getName(),
                        Date.valueOf(status.window().first()), threshold, status.spent().amount(),
                        status.budget().getAmount(), forecast == null ? null : Date.valueOf(forecast),
                        Timestamp.from(clock.instant()))
                .update() == 1;
    }

    /**
     * Queues the alert's messages to the budget's channels and its mail, linking the alert to the mail; returns
     * the mail's id (0 when there was no one to mail).
     */
    private long tell(BudgetStatus status, int threshold, LocalDate forecast) {
        Budget budget = status.budget();
        long organizationId = budget.getOrganizationId();
        UsageTotals.Filter filter = ledger.filter(budget);
        Set<String> recipients = new LinkedHashSet<>(users.adminEmails(organizationId));
        recipients.addAll(budget.extraRecipientList());
        Optional<String> member = filter.userId() == null ? Optional.empty() : users.emailOf(organizationId, filter.userId());
        member.ifPresent(recipients::add);
        if (budget.getScope() == Budget.Scope.TEAM) {
            recipients.addAll(directory.managerEmails(budget.getTeamId()));
        }
        String scope = switch (budget.getScope()) {
            case ORGANIZATION -> "the whole organization";
            case USER -> member.orElse("a member");
            case AGENT -> "agent " + filter.agent();
            case TEAM -> "team " + Optional.ofNullable(directory.of(organizationId).byId().get(budget.getTeamId()))
                    .map(Team::name).orElse(String.valueOf(budget.getTeamId()));
            case API_KEY -> "API key " + budget.getApiKeyId();
            case TAG -> "calls tagged " + budget.getTag();
        };
        String organization = organizations.locale(organizationId).name();
        List<Long> chosen = jdbc.sql("select channel_id from budget_channel where budget_id = ?").param(budget.getId())
                .query(Long.class).list();
        int told = channels.enqueue(organizationId, chosen,
                BudgetAlertMail.notice(organization, status, threshold, forecast, scope, baseUrl));
        if (recipients.isEmpty()) {
            if (told == 0) {
                log.warn("Budget {} crossed {} % but has nobody to tell", budget.getId(), threshold);
            }
            return 0;
        }
        long mailId = outbox.enqueue(BudgetAlertMail.compose(organization, status, threshold,
                forecast, scope,
                top(budget, filter, UsageTotals.Dimension.USER, status), top(budget, filter, UsageTotals.Dimension.MODEL, status),
                baseUrl, List.copyOf(recipients)));
        linkMail(status, threshold, mailId);
        return mailId;
    }

    /** The budget's biggest spenders; none for a tag budget, whose calls the rollups cannot tell apart. */
    private List<TopEntry> top(Budget budget, UsageTotals.Filter filter, UsageTotals.Dimension dimension, BudgetStatus status) {
        return budget.getScope() == Budget.Scope.TAG ? List.of() : totals.top(budget.getOrganizationId(), filter, dimension,
                status.window().first(), status.window().last(), TOP);
    }

    private void linkMail(BudgetStatus status, int threshold, long mailId) {
        jdbc.sql("update budget_alert set mail_id = ? where budget_id = ? and period_start = ? and threshold = ?")
                .params(mailId, status.budget().getId(), Date.valueOf(status.window().first()), threshold).update();
    }

    @PreDestroy
    void shutdown() {
        checks.shutdown();
    }
}
