package dev.tokentally.reporting;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Optional;

import dev.tokentally.base.CallTags;
import dev.tokentally.base.Money;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.PriceSheet;
import dev.tokentally.pricing.TokenSemantics;
import dev.tokentally.usage.CachedInputCost;
import dev.tokentally.usage.EventFilter;
import dev.tokentally.usage.ProviderInput;
import dev.tokentally.usage.ResponseCacheTotals;
import dev.tokentally.usage.UsageEvents;
import dev.tokentally.usage.UsageTotals;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Prompt-cache hit rate (from the rollups) and the money cached input saved (from the ledger's cache reads and the
 * price version each event was priced with), within a {@link ReportScope}.
 */
@Service
@Transactional(readOnly = true)
public class CacheReports {

    private final UsageTotals totals;
    private final UsageEvents events;
    private final PriceLookup prices;
    private final ScopedEvents scoped;
    private final UsageReports reports;

    CacheReports(UsageTotals totals, UsageEvents events, PriceLookup prices, ScopedEvents scoped,
                 UsageReports reports) {
        this.totals = totals;
        this.events = events;
        this.prices = prices;
        this.scoped = scoped;
        this.reports = reports;
    }

    public CacheReport cache(ReportScope scope, SeriesFilter filter, ReportPeriod period) {
        long organizationId = scope.organizationId();
        long prompt = 0;
        long cached = 0;
        for (ProviderInput input : totals.inputByProvider(organizationId, UsageReports.filter(scope, filter),
                period.from(), period.to())) {
            // Anthropic counts cache reads and writes beside the input; OpenAI and Google inside it.
            boolean inside = TokenSemantics.ofProvider(input.provider()).cacheInsideInput();
            prompt += inside ? input.inputTokens()
                    : input.inputTokens() + input.cachedInputTokens() + input.cacheWriteTokens();
            cached += input.cachedInputTokens();
        }
        BigDecimal saved = BigDecimal.ZERO;
        Optional<EventFilter> ledger = scoped.filter(scope, filter, period, CallTags.NONE);
        for (CachedInputCost reads : ledger.map(within -> events.cachedInputByPrice(organizationId, within))
                .orElse(List.of())) {
            saved = saved.add(saving(reads));
        }
        return new CacheReport(prompt, cached, new Money(saved, reports.currencyOf(organizationId)));
    }

    /** What the gateway's response cache answered and saved within the scope, filter and period. */
    public ResponseCacheReport responseCache(ReportScope scope, SeriesFilter filter, ReportPeriod period) {
        ResponseCacheTotals totals = scoped.filter(scope, filter, period, CallTags.NONE)
                .map(within -> events.responseCache(scope.organizationId(), within))
                .orElse(new ResponseCacheTotals(0, 0, BigDecimal.ZERO));
        return new ResponseCacheReport(totals.gatewayCalls(), totals.hits(),
                new Money(totals.saved(), reports.currencyOf(scope.organizationId())));
    }

    /**
     * Cache reads × (input − cached input price), in USD per the version's base prices, then billed as the events
     * were: their billed cost per raw USD carries the markup, the exchange rate and any volume discount.
     */
    private BigDecimal saving(CachedInputCost reads) {
        if (reads.rawCostUsd().signum() == 0) {
            return BigDecimal.ZERO;
        }
        Optional<PriceSheet> sheet = prices.model(reads.modelId()).flatMap(model -> model.versions().stream()
                .filter(version -> version.id() != null && version.id() == reads.priceVersionId()).findFirst())
                .map(version -> version.base());
        return sheet.map(prices -> prices.input().subtract(prices.cachedInputOrFallback())
                        .multiply(BigDecimal.valueOf(reads.cachedInputTokens())).movePointLeft(6)
                        .multiply(reads.billedCost()).divide(reads.rawCostUsd(), MathContext.DECIMAL64))
                .orElse(BigDecimal.ZERO);
    }
}
