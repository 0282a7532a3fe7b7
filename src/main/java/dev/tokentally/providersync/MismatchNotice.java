package dev.tokentally.providersync;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tokentally.mail.channels.ChannelEvent;
import dev.tokentally.mail.channels.Notice;

/** The {@code reconciliation.mismatch} event: the days and models of one reconciliation run that newly differ. */
final class MismatchNotice {

    /** One day and model where our ledger and the provider's report differ; a cost is null when the provider gave none. */
    record Difference(LocalDate day, String model, String status, long ourTokens, BigDecimal ourCostUsd, long theirTokens,
                      BigDecimal theirCostUsd) {
    }

    /** Slack allows ten fields in a section: the rest are in the reconciliation view. */
    private static final int FACTS = 10;

    private MismatchNotice() {
    }

    static Notice of(String organization, ProviderAccount account, List<Difference> differences, String baseUrl) {
        String link = baseUrl.replaceAll("/+$", "") + "/reconciliation";
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("organization", organization);
        data.put("account", Map.of("id", account.id(), "name", account.name(), "provider", account.provider()));
        data.put("mismatches", differences.stream().map(MismatchNotice::data).toList());
        data.put("reconciliation_url", link);
        String title = account.name() + ": " + differences.size() + (differences.size() == 1 ? " difference" : " differences")
                + " from the provider's report";
        return new Notice(ChannelEvent.RECONCILIATION_MISMATCH.type(), title,
                "Our ledger and " + account.provider() + "'s usage report of " + account.name() + " disagree on these days and models.",
                differences.stream().limit(FACTS).map(MismatchNotice::fact).toList(), link, data);
    }

    private static Notice.Fact fact(Difference difference) {
        return new Notice.Fact(difference.day() + " " + difference.model(), switch (difference.status()) {
            case "MISSING_HERE" -> "not in our ledger (" + difference.theirTokens() + " tokens there)";
            case "MISSING_THERE" -> "not in the provider's report (" + difference.ourTokens() + " tokens here)";
            default -> difference.ourTokens() + " tokens here, " + difference.theirTokens() + " there";
        });
    }

    private static Map<String, Object> data(Difference difference) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("day", difference.day().toString());
        data.put("model", difference.model());
        data.put("status", difference.status());
        data.put("our_tokens", difference.ourTokens());
        data.put("their_tokens", difference.theirTokens());
        data.put("our_cost_usd", difference.ourCostUsd().toPlainString());
        data.put("their_cost_usd", difference.theirCostUsd() == null ? null : difference.theirCostUsd().toPlainString());
        return data;
    }
}
