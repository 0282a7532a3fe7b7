package dev.tokentally.credits;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.tokentally.base.Money;
import dev.tokentally.organizations.OrganizationService;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes off credit at its expiry: an EXPIRY entry for each grant whose expiry has come with credit left, one
 * organization per transaction. Usage and holds never count expired credit even before this runs; the job makes the
 * balance say so. It also forgets holds of calls that never ended.
 */
@Component
@EnableConfigurationProperties(CreditsProperties.class)
class WalletExpiry {

    private final WalletStore store;
    private final OrganizationService organizations;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final JdbcClient jdbc;
    private final Clock clock;

    WalletExpiry(WalletStore store, OrganizationService organizations, ApplicationEventPublisher events,
                 TransactionTemplate transaction, JdbcClient jdbc, Clock clock) {
        this.store = store;
        this.organizations = organizations;
        this.events = events;
        this.transaction = transaction;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${tokentally.credits.expire-every}", initialDelayString = "${tokentally.credits.expire-every}")
    @SchedulerLock(name = "wallet-expiry", lockAtMostFor = "PT10M")
    public void run() {
        Instant now = clock.instant();
        jdbc.sql("delete from wallet_reservation where expires_at < ?").param(Timestamp.from(now)).update();
        for (long organizationId : store.organizationsWithExpiredCredit(now)) {
            transaction.executeWithoutResult(status -> expire(organizationId, now));
        }
    }

    private void expire(long organizationId, Instant now) {
        WalletStore.Locked wallet = store.lock(organizationId).orElseThrow();
        String currency = organizations.locale(organizationId).currency();
        List<Grant> expired = store.expired(organizationId, now, currency);
        BigDecimal balance = wallet.balance();
        List<WalletStore.NewEntry> entries = new ArrayList<>();
        for (Grant grant : expired) {
            BigDecimal lost = grant.remaining().amount();
            balance = balance.subtract(lost);
            entries.add(new WalletStore.NewEntry(grant.id(), EntryKind.EXPIRY, lost.negate(), balance, null, null,
                    "expiry:" + grant.id()));
        }
        if (entries.isEmpty()) {
            return;
        }
        store.setRemaining(expired.stream().map(Grant::id).toList(), Collections.nCopies(expired.size(), BigDecimal.ZERO));
        store.append(organizationId, entries, now);
        store.setBalance(organizationId, balance);
        events.publishEvent(new WalletBalanceChanged(organizationId, new Money(wallet.balance(), currency), new Money(balance, currency)));
    }
}
