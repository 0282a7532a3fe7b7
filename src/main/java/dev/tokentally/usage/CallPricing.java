package dev.tokentally.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

import dev.tokentally.pricing.BillingTerms;
import dev.tokentally.pricing.CostBreakdown;
import dev.tokentally.pricing.MissingExchangeRateException;
import dev.tokentally.pricing.ModelPricing;
import dev.tokentally.pricing.NormalizedUsage;
import dev.tokentally.pricing.OrganizationPricing;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.TokenSemantics;
import dev.tokentally.pricing.TokenUsage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a call cost and what it is billed, at the moment it happened: the price version then in
 * effect, the organization's markup, its volume tier for the month so far and the day's exchange rate.
 * Used when recording and when re-pricing, so both compute alike.
 */
@Component
class CallPricing {

    /** The costs of a call; raw and billed are null when unpriced (billed also while a rate is missing). */
    record Priced(Long modelId, Long priceVersionId, BigDecimal rawUsd, BigDecimal billed, String currency,
                  long totalTokens, LocalDate day) {
    }

    private final PriceLookup prices;
    private final OrganizationPricing organizationPricing;
    private final UsageLedger ledger;
    private final JdbcClient jdbc;

    CallPricing(PriceLookup prices, OrganizationPricing organizationPricing, UsageLedger ledger, JdbcClient jdbc) {
        this.prices = prices;
        this.organizationPricing = organizationPricing;
        this.ledger = ledger;
        this.jdbc = jdbc;
    }

    /**
     * @param inMonthTotals whether the call's tokens are in the month's rollups already (re-pricing a
     *                      recorded event), so the volume tier is reached the same way as when recorded
     */
    Priced price(long organizationId, String provider, String model, TokenUsage tokens, Instant occurredAt,
                 boolean inMonthTotals) {
        Optional<ModelPricing> pricing = prices.priceAt(provider, model, occurredAt);
        CostBreakdown cost = pricing.map(found -> found.cost(tokens)).orElse(CostBreakdown.unpriced());
        NormalizedUsage parts = pricing.map(ModelPricing::semantics).orElse(TokenSemantics.OPENAI).normalize(tokens);
        long totalTokens = parts.totalInput() + parts.textOutput() + parts.reasoning();
        var organization = jdbc.sql("select time_zone, currency from organization where id = ?").param(organizationId)
                .query((rs, row) -> new String[] {rs.getString(1), rs.getString(2)}).single();
        LocalDate day = occurredAt.atZone(ZoneId.of(organization[0])).toLocalDate();
        BigDecimal billed = null;
        if (cost.priced()) {
            try {
                BillingTerms terms = organizationPricing.termsAt(organizationId, occurredAt);
                long monthSoFar = ledger.tokensOfMonthUpTo(organizationId, day) - (inMonthTotals ? totalTokens : 0);
                billed = terms.bill(cost.total(), Math.max(0, monthSoFar), totalTokens).amount();
            } catch (MissingExchangeRateException noRate) {
                // billed once the currency has a rate, by re-pricing
            }
        }
        return new Priced(pricing.map(ModelPricing::modelId).orElse(null), cost.priced() ? cost.price().id() : null,
                cost.priced() ? cost.total() : null, billed, organization[1], totalTokens, day);
    }
}
