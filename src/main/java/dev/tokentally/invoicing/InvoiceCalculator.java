package dev.tokentally.invoicing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.tokentally.base.LineRounding;
import dev.tokentally.pricing.BillingTerms;
import dev.tokentally.pricing.TokenParts;
import dev.tokentally.pricing.OrganizationPricing;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.PriceSheet;
import dev.tokentally.pricing.PriceVersion;
import dev.tokentally.pricing.TokenSemantics;
import dev.tokentally.usage.BillableEvents;
import org.springframework.stereotype.Component;

/**
 * Turns the ledger's billed costs into invoice lines. Each summed group's billed cost (exact, as the
 * ledger holds it) is split over its token types in proportion to what each type costs under the group's
 * price version; a line's amount is its exact sum rounded once, half-up, to the currency's minor unit, and
 * the subtotal is the sum of the rounded lines.
 */
@Component
class InvoiceCalculator {

    /** A line's token type, in the order lines are listed. */
    enum Part {
        INPUT("input tokens"), CACHED_INPUT("cached input tokens"), CACHE_WRITE("cache write tokens"),
        OUTPUT("output tokens"), REASONING("reasoning tokens"), REQUESTS("requests");

        final String label;

        Part(String label) {
            this.label = label;
        }
    }

    /** The lines with the document's sums and the tax rate the tax was computed with. */
    record Result(List<InvoiceLine> lines, BigDecimal subtotal, BigDecimal volumeDiscount, BigDecimal taxRatePercent,
                  BigDecimal tax, BigDecimal total, long events) {

        /** The same lines with credits taken off before tax: tax and total are of what is left to pay. */
        Result lessCredits(BigDecimal credits) {
            BigDecimal net = subtotal.subtract(credits);
            BigDecimal netTax = InvoiceCalculator.tax(net, taxRatePercent, tax.scale());
            return new Result(lines, subtotal, volumeDiscount, taxRatePercent, netTax, net.add(netTax), events);
        }
    }

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final PriceLookup prices;
    private final OrganizationPricing pricing;

    InvoiceCalculator(PriceLookup prices, OrganizationPricing pricing) {
        this.prices = prices;
        this.pricing = pricing;
    }

    Result calculate(long organizationId, List<BillableEvents.Group> groups, List<BillableEvents.Day> days, String currency,
                     ZoneId zone, BigDecimal taxRatePercent) {
        int digits = LineRounding.digits(currency);
        record Key(String team, String model, String agent, Part part) {
        }
        Map<Key, BigDecimal[]> sums = new TreeMap<>(Comparator.comparing(Key::team).thenComparing(Key::model)
                .thenComparing(Key::agent).thenComparing(Key::part));
        long events = 0;
        for (BillableEvents.Group group : groups) {
            events += group.events();
            Map<Part, long[]> quantities = new EnumMap<>(Part.class);
            Map<Part, BigDecimal> shares = split(group, quantities);
            for (Map.Entry<Part, BigDecimal> share : shares.entrySet()) {
                BigDecimal[] sum = sums.computeIfAbsent(new Key(group.team(), group.model(), group.agent(), share.getKey()),
                        key -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                sum[0] = sum[0].add(BigDecimal.valueOf(quantities.get(share.getKey())[0]));
                sum[1] = sum[1].add(share.getValue());
            }
        }
        List<InvoiceLine> lines = new ArrayList<>();
        BigDecimal subtotal = BigDecimal.ZERO;
        for (Map.Entry<Key, BigDecimal[]> entry : sums.entrySet()) {
            Key key = entry.getKey();
            BigDecimal quantity = entry.getValue()[0];
            BigDecimal exact = entry.getValue()[1];
            BigDecimal amount = LineRounding.amount(exact, digits);
            BigDecimal perUnit = key.part() == Part.REQUESTS ? BigDecimal.ONE : MILLION;
            BigDecimal unitPrice = exact.multiply(perUnit).divide(quantity, 6, RoundingMode.HALF_UP);
            String description = (key.team().isEmpty() ? "" : key.team() + " · ") + key.model()
                    + (key.agent().isEmpty() ? "" : " · " + key.agent()) + " · " + key.part().label;
            lines.add(new InvoiceLine(lines.size() + 1, description, quantity.longValueExact(), unitPrice, amount));
            subtotal = subtotal.add(amount);
        }
        BigDecimal tax = tax(subtotal, taxRatePercent, digits);
        return new Result(lines, subtotal, volumeDiscount(organizationId, days, zone, digits), taxRatePercent, tax,
                subtotal.add(tax), events);
    }

    /** Tax on a net amount, rounded once, half-up, to the currency's minor unit. */
    static BigDecimal tax(BigDecimal net, BigDecimal taxRatePercent, int digits) {
        return net.multiply(taxRatePercent).divide(HUNDRED, digits, RoundingMode.HALF_UP);
    }

    /** The billed cost split by token type; fills the quantities of the types that occur. */
    private Map<Part, BigDecimal> split(BillableEvents.Group group, Map<Part, long[]> quantities) {
        TokenParts usage = TokenSemantics.ofProvider(group.provider()).normalize(group.tokens());
        PriceVersion version = group.priceVersionId() == null ? null : prices.model(group.provider(), group.model())
                .flatMap(model -> model.versions().stream().filter(v -> group.priceVersionId().equals(v.id())).findFirst())
                .orElse(null);
        PriceSheet sheet = version == null ? null : version.base();
        Map<Part, BigDecimal> weights = new EnumMap<>(Part.class);
        weigh(weights, quantities, Part.INPUT, usage.uncachedInput(), sheet == null ? null : sheet.input());
        weigh(weights, quantities, Part.CACHED_INPUT, usage.cacheRead(), sheet == null ? null : sheet.cachedInputOrFallback());
        weigh(weights, quantities, Part.CACHE_WRITE, usage.cacheWrite5m() + usage.cacheWrite1h(),
                sheet == null ? null : sheet.cacheWrite5mOrFallback());
        weigh(weights, quantities, Part.OUTPUT, usage.textOutput(), sheet == null ? null : sheet.output());
        weigh(weights, quantities, Part.REASONING, usage.reasoning(), sheet == null ? null : sheet.reasoningOrFallback());
        if (version != null && version.perRequest().signum() > 0) {
            weigh(weights, quantities, Part.REQUESTS, usage.requests(), version.perRequest().multiply(MILLION));
        }
        BigDecimal total = weights.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        Map<Part, BigDecimal> shares = new EnumMap<>(Part.class);
        if (total.signum() == 0) {
            // Free or unknown prices: the cost (usually zero) goes to the first part that has tokens.
            weights.keySet().stream().findFirst().ifPresent(part -> shares.put(part, group.billedCost()));
            weights.keySet().stream().skip(1).forEach(part -> shares.put(part, BigDecimal.ZERO));
            return shares;
        }
        BigDecimal allocated = BigDecimal.ZERO;
        List<Part> parts = new ArrayList<>(weights.keySet());
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            // The last part takes the remainder, so the parts add up to the group's billed cost exactly.
            BigDecimal share = i == parts.size() - 1 ? group.billedCost().subtract(allocated)
                    : group.billedCost().multiply(weights.get(part)).divide(total, MathContext.DECIMAL128);
            shares.put(part, share);
            allocated = allocated.add(share);
        }
        return shares;
    }

    private static void weigh(Map<Part, BigDecimal> weights, Map<Part, long[]> quantities, Part part, long quantity,
                              BigDecimal unitPrice) {
        if (quantity <= 0) {
            return;
        }
        quantities.put(part, new long[] {quantity});
        weights.put(part, unitPrice == null ? BigDecimal.valueOf(quantity) : unitPrice.multiply(BigDecimal.valueOf(quantity)));
    }

    /** What volume tiers took off the marked-up cost, day by day at that day's rate; never negative. */
    private BigDecimal volumeDiscount(long organizationId, List<BillableEvents.Day> days, ZoneId zone, int digits) {
        BigDecimal discount = BigDecimal.ZERO;
        for (BillableEvents.Day day : days) {
            BillingTerms terms = pricing.termsAt(organizationId, day.day().atStartOfDay(zone).toInstant());
            BigDecimal undiscounted = day.rawCostUsd().multiply(BigDecimal.ONE.add(terms.markupPercent().divide(HUNDRED)))
                    .multiply(terms.unitsPerUsd());
            discount = discount.add(undiscounted.subtract(day.billedCost()).max(BigDecimal.ZERO));
        }
        return discount.setScale(digits, RoundingMode.HALF_UP);
    }
}
