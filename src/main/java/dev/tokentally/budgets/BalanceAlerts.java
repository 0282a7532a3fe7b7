package dev.tokentally.budgets;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tokentally.accounts.UserAccountService;
import dev.tokentally.base.Money;
import dev.tokentally.base.TokentallyProperties;
import dev.tokentally.credits.WalletBalanceChanged;
import dev.tokentally.credits.WalletSummary;
import dev.tokentally.credits.Wallets;
import dev.tokentally.mail.MailOutbox;
import dev.tokentally.mail.channels.AlertChannels;
import dev.tokentally.organizations.OrganizationLocale;
import dev.tokentally.organizations.OrganizationService;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tells an organization's admins and alert channels when its wallet's balance falls below its low-balance alert,
 * and when a call is refused because the balance cannot cover it: each kind at most once a day (in the
 * organization's time zone), however many consumptions or refusals come at once. The alert's row, unique per
 * organization, kind and day, is written with its mail and channel messages: a second check sends nothing.
 */
@Component
public class BalanceAlerts {

    /** Why the organization is told. */
    public enum Kind {
        LOW_BALANCE, BALANCE_EXHAUSTED
    }

    private static final Logger log = LoggerFactory.getLogger(BalanceAlerts.class);

    private final Wallets wallets;
    private final AlertChannels channels;
    private final MailOutbox outbox;
    private final UserAccountService users;
    private final OrganizationService organizations;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final String baseUrl;
    private final ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor();
    /** Per organization, the highest balance before and the lowest after of the decreases not checked yet. */
    private final Map<Long, BigDecimal[]> decreases = new ConcurrentHashMap<>();
    private final Set<Long> queued = ConcurrentHashMap.newKeySet();
    private final Set<Long> refusals = ConcurrentHashMap.newKeySet();
    /** Checks queued or running; tests wait for zero instead of sleeping. */
    final AtomicInteger running = new AtomicInteger();

    BalanceAlerts(Wallets wallets, AlertChannels channels, MailOutbox outbox, UserAccountService users,
                  OrganizationService organizations, JdbcClient jdbc, TransactionTemplate transaction, Clock clock,
                  TokentallyProperties site) {
        this.wallets = wallets;
        this.channels = channels;
        this.outbox = outbox;
        this.users = users;
        this.organizations = organizations;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.baseUrl = site.baseUrl();
    }

    /** After a commit that lowered a balance: one check per organization at a time, off the recording thread. */
    @TransactionalEventListener(fallbackExecution = true)
    void balanceChanged(WalletBalanceChanged change) {
        BigDecimal before = change.before().amount();
        BigDecimal after = change.after().amount();
        if (after.compareTo(before) >= 0) {
            return;
        }
        long organizationId = change.organizationId();
        decreases.merge(organizationId, new BigDecimal[] {before, after},
                (known, added) -> new BigDecimal[] {known[0].max(added[0]), known[1].min(added[1])});
        if (!queued.add(organizationId)) {
            return;
        }
        running.incrementAndGet();
        checks.execute(() -> {
            queued.remove(organizationId);
            try {
                BigDecimal[] range = decreases.remove(organizationId);
                if (range != null) {
                    lowBalance(organizationId, range[0], range[1]);
                }
            } catch (RuntimeException failure) {
                log.warn("Low-balance check of organization {} failed", organizationId, failure);
            } finally {
                running.decrementAndGet();
            }
        });
    }

    /** Tells the organization when its balance went from at or above its alert to below it; returns whether it did. */
    boolean lowBalance(long organizationId, BigDecimal highestBefore, BigDecimal lowestAfter) {
        WalletSummary wallet = wallets.summary(organizationId);
        BigDecimal alertAt = wallet.settings().lowBalanceAt();
        if (alertAt == null || highestBefore.compareTo(alertAt) < 0 || lowestAfter.compareTo(alertAt) >= 0) {
            return false;
        }
        return tell(organizationId, Kind.LOW_BALANCE, wallet.balance(), alertAt);
    }

    /**
     * A call was refused for lack of balance: the organization hears of it at most once a day, told off the caller's
     * thread (whose transaction rolls back with the refusal); a burst of refusals makes one check.
     */
    void refused(long organizationId) {
        if (!refusals.add(organizationId)) {
            return;
        }
        running.incrementAndGet();
        checks.execute(() -> {
            refusals.remove(organizationId);
            try {
                WalletSummary wallet = wallets.summary(organizationId);
                tell(organizationId, Kind.BALANCE_EXHAUSTED, wallet.balance(), wallet.settings().lowBalanceAt());
            } catch (RuntimeException failure) {
                log.warn("Refusal alert of organization {} failed", organizationId, failure);
            } finally {
                running.decrementAndGet();
            }
        });
    }

    private boolean tell(long organizationId, Kind kind, Money balance, BigDecimal alertAt) {
        OrganizationLocale locale = organizations.locale(organizationId);
        Boolean told = transaction.execute(status -> {
            Long id = jdbc.sql("""
                            insert into balance_alert (organization_id, kind, day, balance, threshold, created_at)
                            values (?, ?, ?, ?, ?, ?) on conflict do nothing returning id""")
                    .params(organizationId, kind.name(), Date.valueOf(locale.today(clock)), balance.amount(), alertAt,
                            Timestamp.from(clock.instant()))
                    .query(Long.class).optional().orElse(null);
            if (id == null) {
                return false;
            }
            BalanceAlertMail alert = new BalanceAlertMail(locale.name(), kind, balance, alertAt, baseUrl);
            channels.publish(organizationId, alert.notice());
            List<String> admins = users.adminEmails(organizationId);
            if (!admins.isEmpty()) {
                long mailId = outbox.enqueue(alert.mail(organizationId, admins));
                jdbc.sql("update balance_alert set mail_id = ? where id = ?").params(mailId, id).update();
            }
            return true;
        });
        return Boolean.TRUE.equals(told);
    }

    @PreDestroy
    void shutdown() {
        checks.shutdown();
    }
}
