package dev.tokentally.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tokentally.accounts.UserAccountService;
import dev.tokentally.credits.Wallets;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.pricing.CostCalculator;
import dev.tokentally.pricing.MissingExchangeRateException;
import dev.tokentally.pricing.OrganizationPricing;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.UsageSource;
import org.springframework.stereotype.Component;

/**
 * Initech's last week: usage through the one recording service burns its prepaid credits down (so the wallet shows a burn
 * rate and when it runs out) to just above the auto top-up threshold, a few demo chats away from crossing it. Each call
 * is quoted at its day's prices and the organization's terms before it is taken, and the last one is sized from the balance
 * left, so the history never crosses the threshold itself (that would issue a top-up invoice at start-up). A demo without
 * Initech gets nothing.
 */
@Component
class InitechHistory {

    /** The days the history spans: the wallet's burn rate looks back as far. */
    static final int DAYS = 7;
    /** How many demo chats above the threshold the history leaves the balance. */
    static final int CHATS_LEFT = 4;
    /** A short demo chat: the question with little history, and the demo model's fixed answer. */
    static final TokenCounts DEMO_CHAT = TokenCounts.of(100, 120);
    private static final String DEMO = "demo";
    private static final String DEMO_MINI = "demo-mini";

    private final OrganizationService organizations;
    private final UserAccountService users;
    private final UsageRecorder recorder;
    private final Wallets wallets;
    private final PriceLookup prices;
    private final OrganizationPricing pricing;

    InitechHistory(OrganizationService organizations, UserAccountService users, UsageRecorder recorder, Wallets wallets,
                   PriceLookup prices, OrganizationPricing pricing) {
        this.organizations = organizations;
        this.users = users;
        this.recorder = recorder;
        this.wallets = wallets;
        this.prices = prices;
        this.pricing = pricing;
    }

    /** Writes the week ending at {@code now}; expects Initech's wallet from {@link InitechWalletDemoData}. */
    void load(Instant now) {
        organizations.idOfSlug("initech").ifPresent(initech -> load(initech, now));
    }

    private void load(long initech, Instant now) {
        BigDecimal target = InitechWalletDemoData.TOP_UP_BELOW.add(cost(initech, DEMO, DEMO_MINI, DEMO_CHAT, now)
                .multiply(BigDecimal.valueOf(CHATS_LEFT)));
        BigDecimal room = balance(initech).subtract(target);
        if (room.signum() <= 0) {
            return; // the prices changed: already close enough
        }
        List<ReportedCall> taken = new ArrayList<>();
        // Newest first, so the history ends today however far back the credits reach.
        for (ReportedCall call : week(initech, now).reversed()) {
            BigDecimal cost = cost(initech, call.provider(), call.model(), call.tokens(), call.occurredAt());
            if (cost.compareTo(room) < 0) {
                room = room.subtract(cost);
                taken.addFirst(call);
            }
        }
        recorder.recordAll(initech, taken);
        finalCall(initech, target, now);
    }

    /** A demo-mini call whose output tokens bring the balance down to about {@code target}, never below it. */
    private void finalCall(long initech, BigDecimal target, Instant now) {
        BigDecimal gap = balance(initech).subtract(target);
        BigDecimal perMillion = cost(initech, DEMO, DEMO_MINI, TokenCounts.of(0, 1_000_000), now);
        if (gap.signum() <= 0 || perMillion.signum() <= 0) {
            return;
        }
        long tokens = gap.multiply(BigDecimal.valueOf(1_000_000)).divide(perMillion, 0, RoundingMode.DOWN).longValueExact() - 1;
        if (tokens < 1) {
            return;
        }
        Long admin = users.memberIds(initech, List.of("admin@initech.test")).get("admin@initech.test");
        recorder.record(initech, new ReportedCall("demo:initech:report", DEMO, DEMO_MINI, TokenCounts.of(200, tokens),
                Attribution.of(admin, null, "Weekly report", null), null, now.minus(Duration.ofMinutes(5)), null, null, false,
                UsageSource.API));
    }

    /** The week's calls by Initech's admin and Carol, oldest first, as its applications would report them. */
    private List<ReportedCall> week(long initech, Instant now) {
        ZoneId zone = organizations.locale(initech).zone();
        Map<String, Long> people = users.memberIds(initech, List.of("admin@initech.test", "carol@initech.test"));
        UsagePlan.Caller admin = new UsagePlan.Caller(people.get("admin@initech.test"), null, null, 1);
        UsagePlan.Caller carol = new UsagePlan.Caller(people.get("carol@initech.test"), null, null, 3);
        UsagePlan.Model sonnet = new UsagePlan.Model("anthropic", "claude-sonnet-4-20250514", 2, 6000, 1800,
                UsagePlan.Caching.ANTHROPIC);
        List<ReportedCall> plan = UsagePlan.calls(new UsagePlan.Profile("initech", zone, 30, List.of(admin, carol), List.of(
                new UsagePlan.Model("openai", "gpt-4o", 3, 16000, 1600, UsagePlan.Caching.OPENAI),
                new UsagePlan.Model("openai", "gpt-4o-mini", 3, 10000, 1000, UsagePlan.Caching.OPENAI),
                sonnet, new UsagePlan.Model(DEMO, DEMO_MINI, 1, 2000, 500, UsagePlan.Caching.NONE)), carol, sonnet), now);
        Instant from = now.minus(Duration.ofDays(DAYS));
        return plan.stream().filter(call -> call.occurredAt().isAfter(from)).toList();
    }

    /** What the call costs Initech at the prices and terms of its moment, without volume discount (an upper bound). */
    private BigDecimal cost(long initech, String provider, String model, TokenCounts tokens, Instant at) {
        return prices.model(provider, model).filter(priced -> priced.versionAt(at) != null).map(priced -> {
            BigDecimal usd = CostCalculator.price(tokens, priced.semantics(), priced.versionAt(at)).total();
            try {
                return pricing.termsAt(initech, at).bill(usd, 0, tokens.input() + tokens.output()).amount();
            } catch (MissingExchangeRateException unbilled) {
                return BigDecimal.ZERO; // recorded unbilled: it consumes no credit
            }
        }).orElse(BigDecimal.ZERO);
    }

    private BigDecimal balance(long initech) {
        return wallets.summary(initech).balance().amount();
    }
}
