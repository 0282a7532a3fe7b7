package dev.tokentally.pricing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import dev.tokentally.base.Money;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a call about to be made costs an organization at today's prices and terms, for the chat's estimate
 * and the budgets' reservation; the recorded charge is priced by the same {@link CostCalculator} and
 * {@link BillingTerms}. No volume discount: the figures are upper bounds.
 */
@Service
@Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
public class CallQuotes {

    private final PriceLookup prices;
    private final OrganizationPricing organizationPricing;
    private final Clock clock;

    CallQuotes(PriceLookup prices, OrganizationPricing organizationPricing, Clock clock) {
        this.prices = prices;
        this.organizationPricing = organizationPricing;
        this.clock = clock;
    }

    /** What sending the input alone costs; empty when the model has no price now. */
    public Optional<Money> inputCost(long organizationId, long modelId, long inputTokens) {
        return quote(organizationId, modelId, inputTokens,
                version -> CostCalculator.price(new TokenCounts(inputTokens, 0, 0, 0, 0, 0, 0), TokenSemantics.OPENAI, version).total());
    }

    /**
     * The most the call may cost (see {@link CostCalculator#worstCase}) with the model's prices and the terms already
     * looked up for {@code at}; zero for a model without a price then.
     */
    public static Money worstCase(Optional<PricedModel> model, BillingTerms terms, Instant at, long inputTokens,
                                  long maxOutputTokens) {
        BigDecimal usd = model.map(found -> found.versionAt(at))
                .map(version -> CostCalculator.worstCase(version, inputTokens, maxOutputTokens)).orElse(BigDecimal.ZERO);
        return terms.bill(usd, 0, inputTokens + maxOutputTokens);
    }

    private Optional<Money> quote(long organizationId, long modelId, long tokens, Function<PriceVersion, BigDecimal> usd) {
        Instant now = clock.instant();
        return prices.model(modelId).map(model -> model.versionAt(now))
                .map(version -> bill(organizationId, now, usd.apply(version), tokens));
    }

    private Money bill(long organizationId, Instant at, BigDecimal usd, long tokens) {
        return organizationPricing.termsAt(organizationId, at).bill(usd, 0, tokens);
    }
}
