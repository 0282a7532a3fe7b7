package dev.tokentally.credits;

import java.util.List;

import dev.tokentally.base.Money;

/**
 * A team's wallet as it stands: {@code reserved} is held for the team's calls in flight; {@code grants} those with
 * credit left, in the order the team's usage consumes them.
 */
public record TeamWalletSummary(long organizationId, long teamId, String teamName, String currency, Money balance,
                                Money reserved, List<Grant> grants) {
}
