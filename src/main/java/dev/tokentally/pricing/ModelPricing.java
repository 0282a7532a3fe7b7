package dev.tokentally.pricing;

/** What pricing a call needs: the resolved model, its provider's semantics and the price then in effect. */
public record ModelPricing(long modelId, String providerCode, String modelName, TokenSemantics semantics,
                           PriceVersion price) {

    public CostBreakdown cost(TokenUsage usage) {
        return CostCalculator.price(usage, semantics, price);
    }
}
