package dev.tokentally.credits;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import dev.tokentally.base.Money;
import dev.tokentally.usage.OrganizationUsageRecorded;
import dev.tokentally.usage.UsageRecorded;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Prepaid and mixed organizations' usage burns their credit in the transaction that records it: the events of one
 * recording transaction are gathered as they are published ({@link UsageRecorded}) and consumed together when the
 * organization's {@link OrganizationUsageRecorded} follows: one wallet lock, the usable grants read once, one entry per
 * event and grant touched. Grants are taken in {@link WalletStore#CONSUMPTION_ORDER}; the balance never goes below zero,
 * and what it cannot cover of an event is that event's overage, left to invoicing. A postpaid organization costs one
 * cached lookup per event. Unpriced events (no billed cost) consume nothing.
 * <p>
 * An event charged to a team with a wallet of its own (V40) consumes the team's grants first, in the same order; what
 * they cannot cover falls to the organization's wallet as any event's cost (overage when postpaid). The organization's
 * wallet row is locked before the teams', as everywhere.
 */
@Component
class Consumption {

    private final WalletStore store;
    private final WalletModes modes;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Consumption(WalletStore store, WalletModes modes, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.modes = modes;
        this.events = events;
        this.clock = clock;
    }

    @EventListener
    void usageRecorded(UsageRecorded event) {
        if (event.cost().billedCost() == null || event.cost().billedCost().signum() <= 0
                || modes.of(event.organizationId()) == WalletMode.POSTPAID && teamWallet(event) == null) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            consume(event.organizationId(), List.of(event));
            return;
        }
        pending().computeIfAbsent(event.organizationId(), id -> new ArrayList<>()).add(event);
    }

    @EventListener
    void organizationUsageRecorded(OrganizationUsageRecorded recorded) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()
                || !TransactionSynchronizationManager.hasResource(this)) {
            return;
        }
        List<UsageRecorded> gathered = pending().remove(recorded.organizationId());
        if (gathered != null) {
            consume(recorded.organizationId(), gathered);
        }
    }

    /** The current transaction's events not consumed yet, by organization. */
    @SuppressWarnings("unchecked")
    private Map<Long, List<UsageRecorded>> pending() {
        Object bound = TransactionSynchronizationManager.getResource(this);
        if (bound != null) {
            return (Map<Long, List<UsageRecorded>>) bound;
        }
        Map<Long, List<UsageRecorded>> pending = new HashMap<>();
        TransactionSynchronizationManager.bindResource(this, pending);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(Consumption.this);
            }
        });
        return pending;
    }

    /** The team whose wallet pays for the event first, null when none does. */
    private Long teamWallet(UsageRecorded event) {
        Long team = event.attribution() == null ? null : event.attribution().teamId();
        return team != null && modes.teamHasWallet(team) ? team : null;
    }

    private void consume(long organizationId, List<UsageRecorded> recorded) {
        Optional<WalletStore.Locked> locked = store.lock(organizationId);
        if (locked.isEmpty()) {
            return; // no wallet: neither the organization nor a team has one any more
        }
        Instant now = clock.instant();
        String currency = recorded.getFirst().cost().billedCurrency();
        Map<UUID, BigDecimal> due = new HashMap<>();
        // The wallet keeps 6 decimals; the event's cost is rounded to them as PostgreSQL rounds numeric.
        recorded.forEach(event -> due.put(event.eventId(), event.cost().billedCost().setScale(Wallets.SCALE, RoundingMode.HALF_UP)));
        Map<Long, List<UsageRecorded>> byTeam = new TreeMap<>();
        for (UsageRecorded event : recorded) {
            Long team = teamWallet(event);
            if (team != null) {
                byTeam.computeIfAbsent(team, id -> new ArrayList<>()).add(event);
            }
        }
        byTeam.forEach((team, teamEvents) -> store.lockTeam(team).ifPresent(balance -> store.setTeamBalance(team,
                take(organizationId, team, balance, store.teamUsable(team, currency), teamEvents, due, now))));
        if (locked.get().mode() == WalletMode.POSTPAID) {
            return;
        }
        BigDecimal before = locked.get().balance();
        BigDecimal balance = take(organizationId, null, before, store.usable(organizationId, now, currency), recorded, due, now);
        if (balance.compareTo(before) != 0) {
            store.setBalance(organizationId, balance);
            events.publishEvent(new WalletBalanceChanged(organizationId, new Money(before, currency), new Money(balance, currency)));
        }
    }

    /**
     * Takes what is {@code due} of the events from the grants of one wallet (the organization's, or the team's when
     * {@code teamId} is set), in order, lowering what is due; writes the entries and the grants' remaining amounts, and
     * leaves the wallet's balance to the caller.
     *
     * @return the wallet's balance after
     */
    private BigDecimal take(long organizationId, Long teamId, BigDecimal before, List<Grant> grants,
                            List<UsageRecorded> recorded, Map<UUID, BigDecimal> owed, Instant now) {
        BigDecimal balance = before;
        BigDecimal[] remaining = grants.stream().map(grant -> grant.remaining().amount()).toArray(BigDecimal[]::new);
        List<WalletStore.NewEntry> entries = new ArrayList<>();
        int next = 0;
        for (UsageRecorded event : recorded) {
            BigDecimal due = owed.get(event.eventId());
            while (due.signum() > 0 && next < grants.size()) {
                BigDecimal taken = due.min(remaining[next]);
                remaining[next] = remaining[next].subtract(taken);
                due = due.subtract(taken);
                balance = balance.subtract(taken);
                long grantId = grants.get(next).id();
                entries.add(new WalletStore.NewEntry(grantId, EntryKind.CONSUMPTION, taken.negate(), balance, event.eventId(), null,
                        "usage:" + event.eventId() + ":" + grantId));
                if (remaining[next].signum() == 0) {
                    next++;
                }
            }
            owed.put(event.eventId(), due);
        }
        if (entries.isEmpty()) {
            return before;
        }
        List<Long> touched = new ArrayList<>();
        List<BigDecimal> left = new ArrayList<>();
        for (int i = 0; i < grants.size(); i++) {
            if (remaining[i].compareTo(grants.get(i).remaining().amount()) != 0) {
                touched.add(grants.get(i).id());
                left.add(remaining[i]);
            }
        }
        store.setRemaining(touched, left);
        store.append(organizationId, teamId, entries, now);
        return balance;
    }
}
