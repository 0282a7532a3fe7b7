package dev.tokentally.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.tokentally.organizations.OrganizationLocale;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.pricing.BillingTerms;
import dev.tokentally.pricing.CallContext;
import dev.tokentally.pricing.CostBreakdown;
import dev.tokentally.pricing.CostCalculator;
import dev.tokentally.pricing.MissingExchangeRateException;
import dev.tokentally.pricing.TokenParts;
import dev.tokentally.pricing.OrganizationPricing;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.PriceVersion;
import dev.tokentally.pricing.PricedModel;
import dev.tokentally.pricing.TokenSemantics;
import dev.tokentally.pricing.TokenCounts;
import org.springframework.stereotype.Component;

/**
 * What calls cost and what they are billed, at the moment each happened: the price version then in
 * effect, the organization's markup, its graduated volume tier for the month so far and the day's
 * exchange rate. Recording and re-pricing both go through a {@link Session}, which asks the catalog
 * once per model and the organization's terms once per day, however many calls it prices. The volume
 * tier needs the month's tokens before the call: recording passes them from the locked {@link MonthTokens}
 * row, so concurrent recordings are billed as if one came after the other.
 */
@Component
class CallPricing {

    /** The costs of a call; raw and billed are null when unpriced (billed also while a rate is missing). */
    record Priced(Long modelId, Long priceVersionId, BigDecimal rawUsd, BigDecimal billed, String currency,
                  long totalTokens, LocalDate day) {
    }

    private final PriceLookup prices;
    private final OrganizationPricing organizationPricing;
    private final OrganizationService organizations;
    private final MonthTokens monthTokens;

    CallPricing(PriceLookup prices, OrganizationPricing organizationPricing, OrganizationService organizations,
                MonthTokens monthTokens) {
        this.prices = prices;
        this.organizationPricing = organizationPricing;
        this.organizations = organizations;
        this.monthTokens = monthTokens;
    }

    /** Prices calls of one organization. */
    Session session(long organizationId) {
        return new Session(organizationId, organizations.locale(organizationId));
    }

    /** Prices calls of one organization whose locale was looked up already. */
    Session session(long organizationId, OrganizationLocale locale) {
        return new Session(organizationId, locale);
    }

    /** A call's provider cost, before the organization's terms bill it. */
    record Quote(Long modelId, Long priceVersionId, CostBreakdown cost, long totalTokens, LocalDate day) {

        LocalDate month() {
            return day.withDayOfMonth(1);
        }
    }

    final class Session {

        private final long organizationId;
        private final ZoneId zone;
        private final String currency;
        private final Map<String, Optional<PricedModel>> models = new HashMap<>();
        private final Map<LocalDate, Optional<BillingTerms>> terms = new HashMap<>();

        private Session(long organizationId, OrganizationLocale locale) {
            this.organizationId = organizationId;
            this.zone = locale.zone();
            this.currency = locale.currency();
        }

        /**
         * Takes what a call's budget gate looked up instead of asking again: the prices of the model the call is
         * reported under (when the context has them) and the terms of the day the call started on there.
         */
        void know(String provider, String model, CallContext context) {
            if (context.prices() != null) {
                models.putIfAbsent(provider + "/" + model, context.prices());
            }
            terms.putIfAbsent(context.day(), context.terms());
        }

        /** The call's cost in USD with the price version in effect when it happened, and its day in the organization's zone. */
        Quote quote(String provider, String model, TokenCounts tokens, Instant occurredAt) {
            Optional<PricedModel> priced = models.computeIfAbsent(provider + "/" + model,
                    key -> prices.model(provider, model));
            PriceVersion version = priced.map(found -> found.versionAt(occurredAt)).orElse(null);
            TokenSemantics semantics = priced.map(PricedModel::semantics).orElse(TokenSemantics.OPENAI);
            CostBreakdown cost = CostCalculator.price(tokens, semantics, version);
            TokenParts parts = semantics.normalize(tokens);
            return new Quote(priced.map(PricedModel::modelId).orElse(null), version == null ? null : version.id(), cost,
                    parts.totalInput() + parts.textOutput() + parts.reasoning(), occurredAt.atZone(zone).toLocalDate());
        }

        /** A call that cost nothing and counts no tokens towards the month's volume tier (a response-cache hit). */
        Priced free(Quote quote) {
            return new Priced(quote.modelId(), quote.priceVersionId(), BigDecimal.ZERO, BigDecimal.ZERO, currency, 0,
                    quote.day());
        }

        /** @param monthTokensBefore the organization's tokens of the call's month before this call, for its volume tier */
        Priced bill(Quote quote, long monthTokensBefore) {
            CostBreakdown cost = quote.cost();
            BigDecimal billed = !cost.priced() ? null : terms(quote.day())
                    .map(found -> found.bill(cost.total(), Math.max(0, monthTokensBefore), quote.totalTokens()).amount())
                    .orElse(null);
            return new Priced(quote.modelId(), quote.priceVersionId(), cost.priced() ? cost.total() : null, billed, currency,
                    quote.totalTokens(), quote.day());
        }

        /** Re-prices a recorded call; its volume tier is reached as if it were the month's last call so far. */
        Priced reprice(String provider, String model, TokenCounts tokens, Instant occurredAt) {
            Quote quote = quote(provider, model, tokens, occurredAt);
            return bill(quote, monthTokens.read(organizationId, quote.month()) - quote.totalTokens());
        }

        private Optional<BillingTerms> terms(LocalDate day) {
            return terms.computeIfAbsent(day, key -> {
                try {
                    return Optional.of(organizationPricing.termsAt(organizationId, day.atStartOfDay(zone).toInstant()));
                } catch (MissingExchangeRateException noRate) {
                    return Optional.empty(); // billed once the currency has a rate, by re-pricing
                }
            });
        }
    }
}
