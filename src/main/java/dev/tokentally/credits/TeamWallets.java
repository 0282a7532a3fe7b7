package dev.tokentally.credits;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.tokentally.base.Money;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.organizations.Team;
import dev.tokentally.organizations.TeamDirectory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Teams' wallets (issue 28: "and optionally a team"): a sub-budget of prepaid credit. Credit reaches a team as a grant
 * (a platform admin's, free or paid as for organizations) or is moved from the organization's balance by its admin;
 * the team's calls are then held by the team's balance alone and consume the team's grants (see docs/credits.md).
 * Team credit does not expire, so only the organization's credit that never expires may move to a team. Asks for no
 * signed-in user, as {@link Wallets}: callers have established that the user may act for the organization.
 */
@Service
@Transactional
public class TeamWallets {

    private final WalletStore store;
    private final WalletModes modes;
    private final OrganizationService organizations;
    private final TeamDirectory teams;
    private final Clock clock;

    TeamWallets(WalletStore store, WalletModes modes, OrganizationService organizations, TeamDirectory teams, Clock clock) {
        this.store = store;
        this.modes = modes;
        this.organizations = organizations;
        this.teams = teams;
        this.clock = clock;
    }

    /** The organization's teams that have a wallet, by name. */
    @Transactional(readOnly = true)
    public List<TeamWalletSummary> of(long organizationId) {
        Map<Long, Team> teams = this.teams.of(organizationId).byId();
        return store.teamsWithWallets(organizationId).stream().filter(teams::containsKey)
                .map(team -> summary(organizationId, team))
                .sorted(Comparator.comparing((TeamWalletSummary wallet) -> wallet.teamName().toLowerCase(Locale.ROOT))
                        .thenComparing(TeamWalletSummary::teamId))
                .toList();
    }

    /** @throws IllegalArgumentException when the team is not the organization's */
    @Transactional(readOnly = true)
    public TeamWalletSummary summary(long organizationId, long teamId) {
        String name = teamName(organizationId, teamId);
        String currency = currencyOf(organizationId);
        return new TeamWalletSummary(organizationId, teamId, name, currency, new Money(store.teamBalance(teamId), currency),
                new Money(store.teamReserved(teamId, clock.instant()), currency), store.teamUsable(teamId, currency));
    }

    /**
     * Gives the team credit, making its wallet if it has none; idempotent by key as {@link Wallets#grant}. Free credit
     * is a platform admin's to give (the caller checks).
     *
     * @throws IllegalArgumentException when an argument is invalid
     * @throws IllegalStateException    when the key was used for a different grant
     */
    public Grant grant(long organizationId, long teamId, GrantKind kind, BigDecimal amount, int priority, String note,
                       String idempotencyKey) {
        if (kind == null) {
            throw new IllegalArgumentException("Say whether the credit is paid or free.");
        }
        Wallets.validGrantAmount("The amount", amount);
        String key = "team:" + teamId + ":" + Wallets.key(idempotencyKey == null ? UUID.randomUUID().toString() : idempotencyKey);
        String cleanNote = Wallets.note(note);
        teamName(organizationId, teamId);
        String currency = currencyOf(organizationId);
        Instant now = clock.instant();
        BigDecimal before = lockOrCreate(organizationId, teamId);
        Optional<Grant> earlier = store.grantByKey(organizationId, teamId, key, currency);
        if (earlier.isPresent()) {
            Grant first = earlier.get();
            if (first.kind() != kind || first.amount().amount().compareTo(amount) != 0) {
                throw new IllegalStateException("The idempotency key was already used for a " + first.kind().name().toLowerCase()
                        + " grant of " + first.amount() + ".");
            }
            return first;
        }
        BigDecimal after = before.add(amount);
        if (after.compareTo(Wallets.MAX_BALANCE) > 0) {
            throw new IllegalArgumentException("A wallet holds at most " + Wallets.MAX_BALANCE.toPlainString() + " " + currency + ".");
        }
        Grant grant = store.insertGrant(organizationId, teamId, kind, amount, null, priority, cleanNote, null, key, now, currency);
        store.append(organizationId, teamId, List.of(new WalletStore.NewEntry(grant.id(), EntryKind.GRANT, amount, after, null,
                null, "grant:" + key)), now);
        store.setTeamBalance(teamId, after);
        return grant;
    }

    /**
     * Moves {@code amount} of the organization's credit that never expires to the team, making its wallet if it has
     * none: the organization's grants are taken in consumption order, and for each the team gets a grant of the same
     * kind and priority; a TRANSFER entry on each side. Idempotent by key: the same key with the same amount moves
     * nothing more.
     *
     * @return the team's balance after the transfer
     * @throws IllegalArgumentException when an argument is invalid or the organization has too little such credit
     * @throws IllegalStateException    when the key was used for a transfer of another amount
     */
    public Money transfer(long organizationId, long teamId, BigDecimal amount, String idempotencyKey) {
        Wallets.validGrantAmount("The amount", amount);
        if (idempotencyKey == null) {
            throw new IllegalArgumentException("A transfer needs an idempotency key.");
        }
        String prefix = "transfer:" + Wallets.key(idempotencyKey) + ":";
        teamName(organizationId, teamId);
        String currency = currencyOf(organizationId);
        Instant now = clock.instant();
        BigDecimal organizationBefore = store.lockOrCreate(organizationId).balance();
        BigDecimal teamBefore = lockOrCreate(organizationId, teamId);
        List<BigDecimal> earlier = store.transferred(teamId, prefix);
        if (!earlier.isEmpty()) {
            BigDecimal moved = earlier.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            if (moved.compareTo(amount) != 0) {
                throw new IllegalStateException("The idempotency key was already used to move " + new Money(moved, currency) + ".");
            }
            return new Money(teamBefore, currency);
        }
        BigDecimal held = store.unavailable(organizationId, now).held();
        List<Grant> sources = store.transferable(organizationId, currency);
        BigDecimal movable = sources.stream().map(grant -> grant.remaining().amount()).reduce(BigDecimal.ZERO, BigDecimal::add)
                .subtract(held).max(BigDecimal.ZERO);
        if (movable.compareTo(amount) < 0) {
            throw new IllegalArgumentException("The organization has " + new Money(movable, currency)
                    + " of credit that never expires and is not held for calls in flight: less than " + new Money(amount, currency) + ".");
        }
        BigDecimal organizationBalance = organizationBefore;
        BigDecimal teamBalance = teamBefore;
        BigDecimal due = amount;
        List<WalletStore.NewEntry> out = new ArrayList<>();
        List<WalletStore.NewEntry> in = new ArrayList<>();
        List<Long> touched = new ArrayList<>();
        List<BigDecimal> left = new ArrayList<>();
        for (Grant source : sources) {
            if (due.signum() == 0) {
                break;
            }
            BigDecimal taken = due.min(source.remaining().amount());
            due = due.subtract(taken);
            organizationBalance = organizationBalance.subtract(taken);
            teamBalance = teamBalance.add(taken);
            touched.add(source.id());
            left.add(source.remaining().amount().subtract(taken));
            Grant received = store.insertGrant(organizationId, teamId, source.kind(), taken, null, source.priority(),
                    "Moved from the organization's credit", null, prefix + source.id(), now, currency);
            out.add(new WalletStore.NewEntry(source.id(), EntryKind.TRANSFER, taken.negate(), organizationBalance, null, null,
                    prefix + "out:" + source.id()));
            in.add(new WalletStore.NewEntry(received.id(), EntryKind.TRANSFER, taken, teamBalance, null, null,
                    prefix + "in:" + source.id()));
        }
        store.setRemaining(touched, left);
        store.append(organizationId, out, now);
        store.append(organizationId, teamId, in, now);
        store.setBalance(organizationId, organizationBalance);
        store.setTeamBalance(teamId, teamBalance);
        return new Money(teamBalance, currency);
    }

    /** The team's entries, newest first. */
    @Transactional(readOnly = true)
    public List<WalletEntry> entries(long organizationId, long teamId, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > Wallets.MAX_PAGE) {
            throw new IllegalArgumentException("Ask for 1 to " + Wallets.MAX_PAGE + " entries from an offset of 0 or more.");
        }
        teamName(organizationId, teamId);
        return store.teamEntries(teamId, offset, limit, currencyOf(organizationId));
    }

    @Transactional(readOnly = true)
    public long entryCount(long organizationId, long teamId) {
        teamName(organizationId, teamId);
        return store.teamEntryCount(teamId);
    }

    /** Locks the team's wallet after the organization's, making both when missing (the organization's stays postpaid). */
    private BigDecimal lockOrCreate(long organizationId, long teamId) {
        store.lockOrCreate(organizationId);
        boolean made = store.lockTeam(teamId).isEmpty();
        BigDecimal balance = store.lockOrCreateTeam(organizationId, teamId);
        if (made) {
            modes.teamWalletMade();
        }
        return balance;
    }

    private String teamName(long organizationId, long teamId) {
        Team team = teams.of(organizationId).byId().get(teamId);
        if (team == null) {
            throw new IllegalArgumentException("Team " + teamId + " is not a team of the organization.");
        }
        return team.name();
    }

    private String currencyOf(long organizationId) {
        return organizations.locale(organizationId).currency();
    }
}
