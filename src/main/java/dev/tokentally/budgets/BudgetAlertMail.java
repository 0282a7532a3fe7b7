package dev.tokentally.budgets;

import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tokentally.base.Money;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.mail.MailOutbox;
import dev.tokentally.mail.MailTemplates;
import dev.tokentally.mail.channels.Notice;
import dev.tokentally.usage.TopEntry;

/** The alert mail from its templates (the budget's figures, the period's top users and models, a dashboard link), and its channel notice. */
final class BudgetAlertMail {

    private BudgetAlertMail() {
    }

    /** @param threshold the percentage crossed, or 0 for the forecast warning */
    static MailOutbox.Message compose(String organization, BudgetStatus status, int threshold, LocalDate forecastDate,
                                      String scope, List<TopEntry> topUsers, List<TopEntry> topModels, String baseUrl,
                                      List<String> recipients) {
        Budget budget = status.budget();
        String percent = percent(status);
        String subject = "[Tokentally] " + title(status, threshold, forecastDate);
        String headline = headline(status, threshold, forecastDate);
        Map<String, String> values = Map.ofEntries(
                Map.entry("subject", subject), Map.entry("headline", headline), Map.entry("organization", organization),
                Map.entry("budget", budget.getName()), Map.entry("scope", scope),
                Map.entry("period", status.window().first() + " to " + status.window().last()),
                Map.entry("spent", MoneyText.format(status.spent().rounded())),
                Map.entry("limit", MoneyText.format(status.limit().rounded())), Map.entry("percent", percent),
                Map.entry("enforcement", budget.getEnforcement() == Budget.Enforcement.HARD
                        ? "new chat calls are blocked until the period ends or the budget is raised" : "alert only"),
                Map.entry("topUsers", rows(topUsers)), Map.entry("topModels", rows(topModels)),
                Map.entry("topUsersText", lines(topUsers)), Map.entry("topModelsText", lines(topModels)),
                Map.entry("dashboardUrl", baseUrl.replaceAll("/+$", "") + "/dashboard"));
        return new MailOutbox.Message(budget.getOrganizationId(), recipients, subject,
                MailTemplates.render("budget-alert.html", values), MailTemplates.render("budget-alert.txt", values), null, null);
    }

    /** The same alert for the budget's channels: Slack and Teams show title, text and facts; a webhook gets the data. */
    static Notice notice(String organization, BudgetStatus status, int threshold, LocalDate forecastDate, String scope,
                         String baseUrl) {
        Budget budget = status.budget();
        String dashboard = baseUrl.replaceAll("/+$", "") + "/dashboard";
        List<Notice.Fact> facts = List.of(new Notice.Fact("Organization", organization), new Notice.Fact("Applies to", scope),
                new Notice.Fact("Period", status.window().first() + " to " + status.window().last()),
                new Notice.Fact("Spent", MoneyText.format(status.spent().rounded()) + " of " + MoneyText.format(status.limit().rounded())),
                new Notice.Fact("Used", percent(status)));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("organization", organization);
        data.put("budget", Map.of("id", budget.getId(), "name", budget.getName(), "scope", budget.getScope().name(),
                "enforcement", budget.getEnforcement().name()));
        data.put("period", Map.of("start", status.window().first().toString(), "end", status.window().last().toString()));
        if (threshold > 0) {
            data.put("threshold_percent", threshold);
        }
        data.put("spent", status.spent().amount().toPlainString());
        data.put("limit", status.limit().amount().toPlainString());
        data.put("currency", status.spent().currency());
        data.put("percent_used", status.percent().setScale(1, RoundingMode.HALF_UP).toPlainString());
        data.put("projected_to_exceed_on", forecastDate == null ? null : forecastDate.toString());
        data.put("dashboard_url", dashboard);
        return new Notice(threshold == 0 ? "budget.forecast_exceeds" : "budget.threshold_crossed", title(status, threshold, forecastDate),
                headline(status, threshold, forecastDate), facts, dashboard, data);
    }

    private static String title(BudgetStatus status, int threshold, LocalDate forecastDate) {
        Budget budget = status.budget();
        return threshold == 0
                ? budget.getName() + " is projected to run out on " + forecastDate
                : budget.getName() + " passed " + threshold + " % (" + MoneyText.format(status.spent().rounded())
                        + " of " + MoneyText.format(status.limit().rounded()) + ")";
    }

    private static String headline(BudgetStatus status, int threshold, LocalDate forecastDate) {
        Budget budget = status.budget();
        return threshold == 0
                ? "At this period's rate, " + budget.getName() + " will pass its limit on " + forecastDate + "."
                : budget.getName() + " has used " + percent(status) + " of its limit, passing the " + threshold + " % threshold."
                        + (forecastDate == null ? "" : " At this period's rate it passes its limit on " + forecastDate + ".");
    }

    private static String percent(BudgetStatus status) {
        return status.percent().setScale(1, RoundingMode.HALF_UP).toPlainString() + " %";
    }

    private static String rows(List<TopEntry> entries) {
        if (entries.isEmpty()) {
            return "<tr><td>No usage yet</td></tr>";
        }
        StringBuilder rows = new StringBuilder();
        for (TopEntry entry : entries) {
            rows.append("<tr><td style=\"padding: 2px 16px 2px 0;\">").append(MailTemplates.escape(entry.label()))
                    .append("</td><td style=\"padding: 2px 0; text-align: right;\">")
                    .append(MailTemplates.escape(money(entry.cost()))).append("</td></tr>");
        }
        return rows.toString();
    }

    private static String lines(List<TopEntry> entries) {
        StringBuilder lines = new StringBuilder();
        for (TopEntry entry : entries) {
            lines.append("  ").append(entry.label()).append(": ").append(money(entry.cost())).append('\n');
        }
        return entries.isEmpty() ? "  No usage yet\n" : lines.toString();
    }

    private static String money(Money money) {
        return MoneyText.format(money.rounded());
    }
}
