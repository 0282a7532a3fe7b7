package dev.tokentally.usage;

import java.util.List;
import java.util.UUID;

import dev.tokentally.base.NotFoundException;
import dev.tokentally.pricing.BillingTerms;
import dev.tokentally.pricing.CostBreakdown;
import dev.tokentally.pricing.CostCalculator;
import dev.tokentally.pricing.OrganizationPricing;
import dev.tokentally.pricing.PriceLookup;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Explains a ledger event's charge from the same price version and terms that produced it. */
@Service
@Transactional(readOnly = true)
public class ChargeExplanations {

    private final UsageEvents events;
    private final PriceLookup prices;
    private final OrganizationPricing organizationPricing;

    ChargeExplanations(UsageEvents events, PriceLookup prices, OrganizationPricing organizationPricing) {
        this.events = events;
        this.prices = prices;
        this.organizationPricing = organizationPricing;
    }

    /** The caller has established that the event's organization may be read. */
    public ChargeExplanation explain(long organizationId, UUID eventId) {
        UsageEvent event = events.byIds(organizationId, List.of(eventId)).get(eventId);
        if (event == null) {
            throw new NotFoundException("No such usage event");
        }
        BillingTerms terms = organizationPricing.termsAt(organizationId, event.occurredAt());
        CostBreakdown breakdown = !event.priced() || event.cost().priceVersionId() == null ? CostBreakdown.unpriced()
                : prices.model(event.provider(), event.model())
                        .flatMap(model -> model.versions().stream()
                                .filter(version -> event.cost().priceVersionId().equals(version.id())).findFirst()
                                .map(version -> CostCalculator.price(event.tokens(), model.semantics(), version)))
                        .orElse(CostBreakdown.unpriced());
        return new ChargeExplanation(event, breakdown, terms.markupPercent(), terms.unitsPerUsd(), terms.currency());
    }
}
