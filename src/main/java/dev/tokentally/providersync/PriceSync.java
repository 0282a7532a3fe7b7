package dev.tokentally.providersync;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tokentally.models.ModelAccess;
import dev.tokentally.pricing.ImportPreview;
import dev.tokentally.pricing.ImportedModel;
import dev.tokentally.pricing.PriceCatalog;
import dev.tokentally.pricing.PriceSheet;
import dev.tokentally.pricing.PriceVersion;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Daily: OpenRouter's model list. Each catalog model OpenRouter serves gets a new price version (source
 * SYNC, from now) when a price changed; unchanged prices make none; unknown pricing keys are ignored.
 * Prices arrive as decimal strings in USD per token and are kept per 1M tokens.
 */
@Component
public class PriceSync {

    private final ProviderHttp http;
    private final PriceCatalog catalog;
    private final SyncRuns runs;
    private final ProviderAccounts accounts;
    private final ModelAccess chat;
    private final boolean addNew;

    PriceSync(ProviderHttp http, PriceCatalog catalog, SyncRuns runs, ProviderAccounts accounts, ModelAccess chat,
              SyncProperties settings) {
        this.chat = chat;
        this.http = http;
        this.catalog = catalog;
        this.runs = runs;
        this.accounts = accounts;
        this.addNew = settings.addNewOpenrouterModels();
    }

    /** The schedule's entry: ShedLock locks only methods that return nothing. */
    @Scheduled(cron = "${tokentally.sync.price-sync-cron}")
    @SchedulerLock(name = SyncRuns.PRICE_SYNC, lockAtMostFor = "PT30M")
    public void scheduled() {
        run();
    }

    /** Runs the price sync now; returns its summary. */
    public String run() {
        if (!runs.enabled(SyncRuns.PRICE_SYNC)) {
            return "switched off";
        }
        boolean inUse = chat.providerEnabled("openrouter")
                || accounts.enabled().stream().anyMatch(account -> account.provider().equals("openrouter"));
        if (!inUse) {
            // Nobody uses OpenRouter here (and an offline installation should not try to reach it).
            return "skipped: OpenRouter is neither enabled for chat nor a sync account";
        }
        return runs.record(SyncRuns.PRICE_SYNC, null, () -> {
            // Prices apply to every organization, so they come only from the address platform admins set for the
            // chat's OpenRouter (its public API by default), never from an organization's sync account.
            String base = chat.providerBaseUrl("openrouter").replaceAll("/+$", "");
            JsonNode list = http.get(URI.create(base + "/models"), Map.of());
            ImportPreview applied = catalog.applySynced("OpenRouter models", models(list), addNew);
            return "added " + applied.newModels().size() + ", changed " + applied.changed().size() + ", unchanged "
                    + applied.unchanged().size();
        });
    }

    static List<ImportedModel> models(JsonNode list) {
        if (list == null || !list.path("data").isArray()) {
            throw new SyncException("OpenRouter's model list has no data array");
        }
        List<ImportedModel> models = new ArrayList<>();
        for (JsonNode model : list.path("data")) {
            JsonNode pricing = model.path("pricing");
            BigDecimal input = perMillion(pricing, "prompt");
            BigDecimal output = perMillion(pricing, "completion");
            if (!model.hasNonNull("id") || input == null || output == null) {
                continue;
            }
            BigDecimal reasoning = perMillion(pricing, "internal_reasoning");
            BigDecimal request = perToken(pricing, "request");
            PriceSheet sheet = new PriceSheet(input, perMillion(pricing, "input_cache_read"), positive(perMillion(pricing,
                    "input_cache_write")), null, output, positive(reasoning));
            models.add(new ImportedModel("openrouter", model.get("id").asString(), model.path("name").asString(model.get("id").asString()),
                    "chat", model.hasNonNull("context_length") ? model.get("context_length").asInt() : null,
                    model.path("top_provider").hasNonNull("max_completion_tokens")
                            ? model.path("top_provider").get("max_completion_tokens").asInt() : null,
                    new PriceVersion(null, null, sheet, request == null ? BigDecimal.ZERO : request, null, null)));
        }
        return models;
    }

    private static BigDecimal perMillion(JsonNode pricing, String key) {
        BigDecimal perToken = perToken(pricing, key);
        return perToken == null ? null : perToken.movePointRight(6).stripTrailingZeros();
    }

    private static BigDecimal perToken(JsonNode pricing, String key) {
        JsonNode value = pricing.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            BigDecimal price = new BigDecimal(value.asString().trim());
            // OpenRouter marks a price it cannot state as -1: treat it as unknown.
            return price.signum() < 0 ? null : price;
        } catch (NumberFormatException notNumber) {
            return null;
        }
    }

    private static BigDecimal positive(BigDecimal price) {
        return price == null || price.signum() == 0 ? null : price;
    }
}
