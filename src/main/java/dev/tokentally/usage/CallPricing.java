package dev.tokentally.usage;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.tokentally.organizations.OrganizationLocale;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.pricing.BillingTerms;
import dev.tokentally.pricing.CostBreakdown;
import dev.tokentally.pricing.CostCalculator;
import dev.tokentally.pricing.MissingExchangeRateException;
import dev.tokentally.pricing.NormalizedUsage;
import dev.tokentally.pricing.OrganizationPricing;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.PriceVersion;
import dev.tokentally.pricing.PricedModel;
import dev.tokentally.pricing.TokenSemantics;
import dev.tokentally.pricing.TokenUsage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What calls cost and what they are billed, at the moment each happened: the price version then in
 * effect, the organization's markup, its graduated volume tier for the month so far and the day's
 * exchange rate. Recording and re-pricing both go through a {@link Session}, which asks the catalog
 * once per model and the organization's terms once per day, however many calls it prices.
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
    private final JdbcClient jdbc;

    CallPricing(PriceLookup prices, OrganizationPricing organizationPricing, OrganizationService organizations,
                JdbcClient jdbc) {
        this.prices = prices;
        this.organizationPricing = organizationPricing;
        this.organizations = organizations;
        this.jdbc = jdbc;
    }

    /** Prices calls of one organization within one transaction. */
    Session session(long organizationId) {
        return new Session(organizationId);
    }

    final class Session {

        private final long organizationId;
        private final ZoneId zone;
        private final String currency;
        private final Map<String, Optional<PricedModel>> models = new HashMap<>();
        private final Map<LocalDate, Optional<BillingTerms>> terms = new HashMap<>();
        private final Map<YearMonth, Long> monthTokens = new HashMap<>();

        private Session(long organizationId) {
            this.organizationId = organizationId;
            OrganizationLocale locale = organizations.locale(organizationId);
            this.zone = locale.zone();
            this.currency = locale.currency();
        }

        /**
         * @param inMonthTotals whether the call's tokens are in the month's rollups already (re-pricing a
         *                      recorded event), so its volume tier is reached the same way as when recorded
         */
        Priced price(String provider, String model, TokenUsage tokens, Instant occurredAt, boolean inMonthTotals) {
            Optional<PricedModel> priced = models.computeIfAbsent(provider + "/" + model,
                    key -> prices.model(provider, model));
            PriceVersion version = priced.map(found -> found.versionAt(occurredAt)).orElse(null);
            TokenSemantics semantics = priced.map(PricedModel::semantics).orElse(TokenSemantics.OPENAI);
            CostBreakdown cost = CostCalculator.price(tokens, semantics, version);
            NormalizedUsage parts = semantics.normalize(tokens);
            long totalTokens = parts.totalInput() + parts.textOutput() + parts.reasoning();
            LocalDate day = occurredAt.atZone(zone).toLocalDate();
            long monthBefore = monthTokens(day) - (inMonthTotals ? totalTokens : 0);
            if (!inMonthTotals) {
                monthTokens.merge(YearMonth.from(day), totalTokens, Long::sum);
            }
            BigDecimal billed = !cost.priced() ? null : terms(day)
                    .map(found -> found.bill(cost.total(), Math.max(0, monthBefore), totalTokens).amount()).orElse(null);
            return new Priced(priced.map(PricedModel::modelId).orElse(null), version == null ? null : version.id(),
                    cost.priced() ? cost.total() : null, billed, currency, totalTokens, day);
        }

        /** Tokens of the day's month recorded before this session, plus what this session priced. */
        private long monthTokens(LocalDate day) {
            return monthTokens.computeIfAbsent(YearMonth.from(day), month -> jdbc.sql("""
                            select coalesce(sum(total_tokens), 0) from usage_daily
                            where organization_id = ? and day between ? and ?""")
                    .params(organizationId, Date.valueOf(month.atDay(1)), Date.valueOf(month.atEndOfMonth()))
                    .query(Long.class).single());
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
