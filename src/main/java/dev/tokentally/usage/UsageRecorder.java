package dev.tokentally.usage;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;

import dev.tokentally.base.Money;
import dev.tokentally.pricing.BillingTerms;
import dev.tokentally.pricing.CostBreakdown;
import dev.tokentally.pricing.MissingExchangeRateException;
import dev.tokentally.pricing.ModelPricing;
import dev.tokentally.pricing.NormalizedUsage;
import dev.tokentally.pricing.OrganizationPricing;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.TokenSemantics;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one way usage enters the ledger, whatever its source. In one transaction: the event priced with
 * the price in effect when the call happened, inserted once per idempotency key, and added to its
 * day's rollup; after commit the organization's live views hear of it.
 */
@Service
public class UsageRecorder {

    private final UsageLedger ledger;
    private final PriceLookup prices;
    private final OrganizationPricing organizationPricing;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;

    UsageRecorder(UsageLedger ledger, PriceLookup prices, OrganizationPricing organizationPricing,
                  ApplicationEventPublisher events, JdbcClient jdbc) {
        this.ledger = ledger;
        this.prices = prices;
        this.organizationPricing = organizationPricing;
        this.events = events;
        this.jdbc = jdbc;
    }

    /**
     * Records a call. The same key again returns the first event as a duplicate; the same key with other
     * counts is a {@link UsageConflictException}.
     */
    @Transactional
    public RecordResult record(long organizationId, UsageReport report) {
        Optional<ModelPricing> pricing = prices.priceAt(report.provider(), report.model(), report.occurredAt());
        CostBreakdown cost = pricing.map(found -> found.cost(report.tokens())).orElse(CostBreakdown.unpriced());
        TokenSemantics semantics = pricing.map(ModelPricing::semantics).orElse(TokenSemantics.OPENAI);
        NormalizedUsage parts = semantics.normalize(report.tokens());
        long totalTokens = parts.totalInput() + parts.textOutput() + parts.reasoning();

        ZoneId zone = ZoneId.of(jdbc.sql("select time_zone from organization where id = ?").param(organizationId)
                .query(String.class).single());
        LocalDate day = report.occurredAt().atZone(zone).toLocalDate();
        BigDecimal raw = cost.priced() ? cost.total() : null;
        Money billed = null;
        String currency;
        try {
            BillingTerms terms = organizationPricing.termsAt(organizationId, report.occurredAt());
            currency = terms.currency();
            if (raw != null) {
                billed = terms.bill(raw, ledger.tokensOfMonthUpTo(organizationId, day), totalTokens);
            }
        } catch (MissingExchangeRateException noRate) {
            currency = jdbc.sql("select currency from organization where id = ?").param(organizationId)
                    .query(String.class).single();
        }

        UsageLedger.NewEvent event = new UsageLedger.NewEvent(organizationId, report,
                pricing.map(ModelPricing::modelId).orElse(null), raw, billed == null ? null : billed.amount(), currency,
                cost.priced() ? cost.price().id() : null);
        Optional<UUID> inserted = ledger.insert(event);
        if (inserted.isEmpty()) {
            UsageEvent first = ledger.byKey(organizationId, report.idempotencyKey()).orElseThrow();
            if (!sameCall(first, report)) {
                throw new UsageConflictException(report.idempotencyKey());
            }
            return new RecordResult(RecordResult.Status.DUPLICATE, first);
        }
        ledger.addToRollup(organizationId, day, report, totalTokens, raw, event.billedCost());
        ledger.notifyRecorded(organizationId);
        events.publishEvent(new UsageRecorded(inserted.get(), organizationId, report.userId(), report.agent(),
                report.provider(), report.model(), totalTokens, raw, event.billedCost(), currency));
        return new RecordResult(RecordResult.Status.RECORDED, ledger.byId(inserted.get()).orElseThrow());
    }

    private static boolean sameCall(UsageEvent first, UsageReport report) {
        return first.provider().equals(report.provider()) && first.model().equals(report.model())
                && first.tokens().equals(report.tokens());
    }
}
