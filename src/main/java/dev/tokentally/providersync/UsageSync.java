package dev.tokentally.providersync;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.tokentally.pricing.CatalogModel;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.usage.LedgerDays;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Every ten minutes, each enabled provider account: OpenAI's and Anthropic's usage and cost reports read
 * page by page into the provider's figures, usage they have and we lack imported, and the ledger
 * reconciled against them; OpenRouter's own record of each chat generation stored beside our event.
 */
@Component
public class UsageSync {

    private static final Logger log = LoggerFactory.getLogger(UsageSync.class);
    private static final int GENERATIONS_PER_RUN = 200;

    private final ProviderAccounts accounts;
    private final PagedReader pages;
    private final ProviderHttp http;
    private final Reconciler reconciler;
    private final SyncRuns runs;
    private final LedgerDays ledger;
    private final PriceLookup prices;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final int windowDays;

    UsageSync(ProviderAccounts accounts, PagedReader pages, ProviderHttp http, Reconciler reconciler, SyncRuns runs,
              LedgerDays ledger, PriceLookup prices, JdbcClient jdbc, Clock clock,
              SyncProperties settings) {
        this.accounts = accounts;
        this.pages = pages;
        this.http = http;
        this.reconciler = reconciler;
        this.runs = runs;
        this.ledger = ledger;
        this.prices = prices;
        this.jdbc = jdbc;
        this.clock = clock;
        this.windowDays = settings.usageWindowDays();
    }

    @Scheduled(fixedDelayString = "${tokentally.sync.usage-sync-every}", initialDelayString = "${tokentally.sync.usage-sync-every}")
    @SchedulerLock(name = SyncRuns.USAGE_SYNC, lockAtMostFor = "PT30M")
    public void run() {
        if (!runs.enabled(SyncRuns.USAGE_SYNC)) {
            return;
        }
        for (ProviderAccount account : accounts.enabled()) {
            try {
                runAccount(account.id());
            } catch (RuntimeException failure) {
                log.warn("Usage sync of account {} failed: {}", account.id(), failure.getMessage());
            }
        }
    }

    /** One account's sync as a recorded run; returns its summary. */
    public String runAccount(long accountId) {
        ProviderAccount account = accounts.get(accountId);
        return runs.record(SyncRuns.USAGE_SYNC, accountId, () -> account.provider().equals("openrouter")
                ? checkGenerations(account) : readReports(account));
    }

    private String readReports(ProviderAccount account) {
        Map<String, String> headers = ProviderReports.headers(account, accounts.adminKey(account.id()));
        Instant now = clock.instant();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        Instant start = today.minusDays(windowDays).atStartOfDay(ZoneOffset.UTC).toInstant();
        int usagePages = pages.read(account.id(), ProviderReports.usage(account, jdbc, this::canonical), start, now, headers);
        int costPages = pages.read(account.id(), ProviderReports.costs(account, jdbc, this::canonical), start, now, headers);
        Reconciler.Outcome outcome = reconciler.reconcile(account, today.minusDays(windowDays), today);
        return usagePages + " usage pages, " + costPages + " cost pages, " + outcome.imported() + " days imported, "
                + outcome.mismatches() + " mismatches";
    }

    private String checkGenerations(ProviderAccount account) {
        String key = accounts.adminKey(account.id());
        Instant since = clock.instant().minus(Duration.ofDays(windowDays));
        List<LedgerDays.ChatCall> calls = ledger.chatCalls(account.organizationId(), "openrouter", "gen-", since, 10_000);
        Set<UUID> checked = new HashSet<>(jdbc.sql("select event_id from generation_check").query(UUID.class).list());
        int done = 0;
        int differ = 0;
        for (LedgerDays.ChatCall call : calls) {
            if (checked.contains(call.eventId()) || done >= GENERATIONS_PER_RUN) {
                continue;
            }
            JsonNode data = http.get(URI.create(account.effectiveBaseUrl() + "/api/v1/generation?id="
                    + URLEncoder.encode(call.providerId(), StandardCharsets.UTF_8)), Map.of("Authorization", "Bearer " + key)).path("data");
            long prompt = data.path("tokens_prompt").asLong();
            long completion = data.path("tokens_completion").asLong();
            jdbc.sql("""
                            insert into generation_check (event_id, tokens_prompt, tokens_completion, total_cost_usd, checked_at)
                            values (?, ?, ?, ?, ?) on conflict do nothing""")
                    .params(call.eventId(), prompt, completion, new BigDecimal(data.path("total_cost").asString("0")),
                            Timestamp.from(clock.instant()))
                    .update();
            if (call.inputTokens() != prompt || call.outputTokens() != completion) {
                differ++;
            }
            done++;
        }
        return done + " generations checked, " + differ + " differ from our counts";
    }

    /** The catalog's name for a model the provider reports (a dated snapshot becomes its model), else the name as given. */
    String canonical(String provider, String model) {
        return prices.model(provider, model).flatMap(priced -> prices.describe(priced.modelId())).map(CatalogModel::name)
                .orElse(model);
    }
}
