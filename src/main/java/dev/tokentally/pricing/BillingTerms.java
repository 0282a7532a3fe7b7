package dev.tokentally.pricing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Comparator;
import java.util.List;

import dev.tokentally.base.Money;

/**
 * How an organization is billed for provider cost: markup, graduated monthly volume tiers, and the
 * exchange rate into its billing currency that was in effect on the day of the call.
 *
 * <p>billed = USD cost × (1 + markup) × (share of the call's tokens not discounted, tier by tier) × rate.
 * The tier share is a fraction of token counts; dividing keeps 34 significant digits (DECIMAL128).
 */
public record BillingTerms(BigDecimal markupPercent, List<VolumeTier> tiers, String currency, BigDecimal unitsPerUsd) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public BillingTerms {
        tiers = tiers.stream().sorted(Comparator.comparingLong(VolumeTier::thresholdTokens)).toList();
    }

    /**
     * @param tokensEarlierThisMonth tokens the organization used this month before this call
     * @param tokensOfCall           this call's tokens, which may straddle tier thresholds
     */
    public Money bill(BigDecimal usdCost, long tokensEarlierThisMonth, long tokensOfCall) {
        BigDecimal marked = usdCost.multiply(BigDecimal.ONE.add(markupPercent.divide(HUNDRED)));
        BigDecimal afterTiers = marked.multiply(payableShare(tokensEarlierThisMonth, tokensOfCall), MathContext.DECIMAL128);
        return new Money(afterTiers.multiply(unitsPerUsd), currency);
    }

    /** The part of the call still paid after discounts: 1 with no tier reached. */
    BigDecimal payableShare(long before, long tokens) {
        if (tokens <= 0 || tiers.isEmpty()) {
            return BigDecimal.ONE;
        }
        long end = before + tokens;
        BigDecimal discountedTokens = BigDecimal.ZERO;
        for (int i = 0; i < tiers.size(); i++) {
            VolumeTier tier = tiers.get(i);
            long bandEnd = i + 1 < tiers.size() ? tiers.get(i + 1).thresholdTokens() : Long.MAX_VALUE;
            long overlap = Math.min(end, bandEnd) - Math.max(before, tier.thresholdTokens());
            if (overlap > 0) {
                discountedTokens = discountedTokens.add(
                        BigDecimal.valueOf(overlap).multiply(tier.discountPercent()).divide(HUNDRED));
            }
        }
        return BigDecimal.ONE.subtract(discountedTokens.divide(BigDecimal.valueOf(tokens), MathContext.DECIMAL128));
    }
}
