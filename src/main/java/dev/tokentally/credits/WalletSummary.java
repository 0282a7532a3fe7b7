package dev.tokentally.credits;

import java.util.List;

import dev.tokentally.base.Money;

/**
 * An organization's wallet as it stands: {@code reserved} is held for calls in flight; {@code grants} the active ones
 * in the order usage consumes them; {@code burnPerDay} the average consumption of the last 7 days; {@code daysLeft}
 * how many whole days the balance lasts at that rate, null when nothing was consumed.
 */
public record WalletSummary(long organizationId, String currency, WalletSettings settings, Money balance, Money reserved,
                            List<Grant> grants, Money burnPerDay, Long daysLeft) {
}
