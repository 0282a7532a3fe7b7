package dev.tokentally.credits;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.tokentally.base.ControlCharacters;
import dev.tokentally.base.Money;
import dev.tokentally.organizations.OrganizationService;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Organizations' wallets: their settings, credit granted, the entries that explain the balance. Amounts are in the
 * organization's billing currency, at most 6 decimals. Asks for no signed-in user (top-ups are granted when an invoice
 * is paid, by jobs too): callers have established which organization they serve and that the user may act for it.
 */
@Service
@Transactional
public class Wallets {

    /** The largest single grant, and the largest balance a wallet may hold. */
    static final BigDecimal MAX_GRANT = new BigDecimal("1000000000");
    static final BigDecimal MAX_BALANCE = new BigDecimal("100000000000");
    static final int SCALE = 6;
    static final int MAX_KEY_LENGTH = 200;
    static final int MAX_NOTE_LENGTH = 500;
    static final int MAX_PAGE = 1_000;
    /** How far back the burn rate looks. */
    static final int BURN_DAYS = 7;

    private final WalletStore store;
    private final WalletModes modes;
    private final OrganizationService organizations;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Wallets(WalletStore store, WalletModes modes, OrganizationService organizations, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.modes = modes;
        this.organizations = organizations;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public WalletSummary summary(long organizationId) {
        String currency = currencyOf(organizationId);
        Instant now = clock.instant();
        BigDecimal balance = store.balance(organizationId);
        BigDecimal burn = store.consumedSince(organizationId, now.minus(Duration.ofDays(BURN_DAYS)))
                .divide(BigDecimal.valueOf(BURN_DAYS), SCALE, RoundingMode.HALF_UP);
        Long daysLeft = burn.signum() == 0 ? null : balance.divide(burn, 0, RoundingMode.DOWN).longValueExact();
        return new WalletSummary(organizationId, currency, store.settings(organizationId), new Money(balance, currency),
                new Money(store.reserved(organizationId, now), currency), store.usable(organizationId, now, currency),
                new Money(burn, currency), daysLeft);
    }

    /** @throws IllegalArgumentException with a message saying what is wrong; nothing is changed then */
    public void configure(long organizationId, WalletSettings settings) {
        if (settings == null || settings.mode() == null) {
            throw new IllegalArgumentException("Choose how the organization pays: postpaid, prepaid or mixed.");
        }
        amountAtLeastZero("The low-balance alert", settings.lowBalanceAt());
        amountAtLeastZero("The auto top-up threshold", settings.autoTopUpBelow());
        if ((settings.autoTopUpBelow() == null) != (settings.autoTopUpAmount() == null)) {
            throw new IllegalArgumentException("Auto top-up needs both a threshold and an amount (or neither, to switch it off).");
        }
        if (settings.autoTopUpAmount() != null) {
            validGrantAmount("The auto top-up amount", settings.autoTopUpAmount());
        }
        currencyOf(organizationId);
        store.saveSettings(organizationId, settings);
        modes.changed();
    }

    /**
     * Gives the organization credit; idempotent by {@code idempotencyKey} (null: a new grant every time): the same key
     * with the same kind and amount answers the grant it made, with another kind or amount it is refused.
     *
     * @param expiresAt when the credit left is lost (null: never); see {@link #validThrough}
     * @param priority  among grants that expire at the same moment, the lower number is used first
     * @throws IllegalArgumentException when an argument is invalid
     * @throws IllegalStateException    when the key was used for a different grant
     */
    public Grant grant(long organizationId, GrantKind kind, BigDecimal amount, Instant expiresAt, int priority, String note,
                       Long invoiceId, String idempotencyKey) {
        if (kind == null) {
            throw new IllegalArgumentException("Say whether the credit is paid or free.");
        }
        validGrantAmount("The amount", amount);
        String key = idempotencyKey == null ? UUID.randomUUID().toString() : key(idempotencyKey);
        String cleanNote = note(note);
        String currency = currencyOf(organizationId);
        Instant now = clock.instant();
        WalletStore.Locked wallet = store.lockOrCreate(organizationId);
        Optional<Grant> earlier = store.grantByKey(organizationId, null, key, currency);
        if (earlier.isPresent()) {
            Grant first = earlier.get();
            if (first.kind() != kind || first.amount().amount().compareTo(amount) != 0) {
                throw new IllegalStateException("The idempotency key was already used for a " + first.kind().name().toLowerCase()
                        + " grant of " + first.amount() + ".");
            }
            return first;
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("The credit would expire before it is granted.");
        }
        BigDecimal after = wallet.balance().add(amount);
        if (after.compareTo(MAX_BALANCE) > 0) {
            throw new IllegalArgumentException("A wallet holds at most " + MAX_BALANCE.toPlainString() + " " + currency + ".");
        }
        Grant grant = store.insertGrant(organizationId, null, kind, amount, expiresAt, priority, cleanNote, invoiceId, key, now,
                currency);
        store.append(organizationId, List.of(new WalletStore.NewEntry(grant.id(), EntryKind.GRANT, amount, after, null, invoiceId,
                "grant:" + key)), now);
        store.setBalance(organizationId, after);
        events.publishEvent(new WalletBalanceChanged(organizationId, new Money(wallet.balance(), currency), new Money(after, currency)));
        return grant;
    }

    /** The organization's entries, newest first. */
    @Transactional(readOnly = true)
    public List<WalletEntry> entries(long organizationId, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("Ask for 1 to " + MAX_PAGE + " entries from an offset of 0 or more.");
        }
        return store.entries(organizationId, offset, limit, currencyOf(organizationId));
    }

    @Transactional(readOnly = true)
    public long entryCount(long organizationId) {
        return store.entryCount(organizationId);
    }

    /** What credits covered of these usage events (positive); the rest of their cost is overage, to be invoiced. */
    @Transactional(readOnly = true)
    public Money appliedTo(Collection<UUID> usageEventIds, String currency) {
        return new Money(usageEventIds.isEmpty() ? BigDecimal.ZERO : store.appliedTo(usageEventIds), currency);
    }

    /** When credit "valid through" {@code lastDay} expires: at the start of the next day in the organization's time zone. */
    @Transactional(readOnly = true)
    public Instant validThrough(long organizationId, LocalDate lastDay) {
        return validThrough(lastDay, organizations.locale(organizationId).zone());
    }

    /** When credit "valid through" {@code lastDay} expires: at the start of the next day in {@code zone}. */
    public static Instant validThrough(LocalDate lastDay, ZoneId zone) {
        return lastDay.plusDays(1).atStartOfDay(zone).toInstant();
    }

    private String currencyOf(long organizationId) {
        return organizations.locale(organizationId).currency();
    }

    static void validGrantAmount(String what, BigDecimal amount) {
        if (amount == null || amount.signum() <= 0) {
            throw new IllegalArgumentException(what + " must be more than 0.");
        }
        if (amount.compareTo(MAX_GRANT) > 0) {
            throw new IllegalArgumentException(what + " must be at most " + MAX_GRANT.toPlainString() + ".");
        }
        atMostSixDecimals(what, amount);
    }

    private static void amountAtLeastZero(String what, BigDecimal amount) {
        if (amount == null) {
            return;
        }
        if (amount.signum() < 0) {
            throw new IllegalArgumentException(what + " must be 0 or more.");
        }
        if (amount.compareTo(MAX_BALANCE) > 0) {
            throw new IllegalArgumentException(what + " must be at most " + MAX_BALANCE.toPlainString() + ".");
        }
        atMostSixDecimals(what, amount);
    }

    private static void atMostSixDecimals(String what, BigDecimal amount) {
        if (amount.stripTrailingZeros().scale() > SCALE) {
            throw new IllegalArgumentException(what + " has at most " + SCALE + " decimals.");
        }
    }

    static String key(String idempotencyKey) {
        String key = idempotencyKey.trim();
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || ControlCharacters.contains(key)) {
            throw new IllegalArgumentException("An idempotency key is 1 to " + MAX_KEY_LENGTH + " characters, without control characters.");
        }
        return key;
    }

    static String note(String note) {
        if (note == null || note.isBlank()) {
            return null;
        }
        if (note.length() > MAX_NOTE_LENGTH) {
            throw new IllegalArgumentException("A note is at most " + MAX_NOTE_LENGTH + " characters.");
        }
        return ControlCharacters.toSpaces(note.trim());
    }
}
