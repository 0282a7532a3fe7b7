package dev.tokentally.reporting.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import dev.tokentally.reporting.ReportChoice;
import dev.tokentally.reporting.ReportScope;
import dev.tokentally.reporting.UsageReports;

/** The team and API key pickers of the dashboard and the usage explorer, and their URL parameters. */
final class ReportChoices {

    private ReportChoices() {
    }

    static void fill(Select<ReportChoice> select, String label, String all, List<ReportChoice> items) {
        select.setLabel(label);
        select.setItems(items);
        select.setItemLabelGenerator(choice -> choice == null ? all : choice.label());
        select.setEmptySelectionAllowed(true);
        select.setEmptySelectionCaption(all);
    }

    /**
     * Picks {@code ?team=<slug or name>} and {@code ?key=<id>} when they are within the scope; anything else is
     * left unpicked, so a URL can narrow what is shown but never widen it. Returns what was refused, for the user.
     */
    static String pick(BeforeEnterEvent event, UsageReports reports, ReportScope scope, Select<ReportChoice> team,
                       Select<ReportChoice> apiKey) {
        Map<String, List<String>> parameters = event.getLocation().getQueryParameters().getParameters();
        List<String> refused = new ArrayList<>();
        first(parameters, "team").ifPresent(given -> reports.team(scope, given)
                .ifPresentOrElse(team::setValue, () -> refused.add("no team " + given)));
        first(parameters, "key").ifPresent(given -> apiKey.getListDataView().getItems()
                .filter(choice -> choice.code().equals(given)).findFirst()
                .ifPresentOrElse(apiKey::setValue, () -> refused.add("no API key " + given)));
        return refused.isEmpty() ? "" : "Among what you may see there is " + String.join(" and ", refused)
                + "; showing all of it instead.";
    }

    private static Optional<String> first(Map<String, List<String>> parameters, String name) {
        return parameters.getOrDefault(name, List.of()).stream().filter(value -> !value.isBlank()).findFirst();
    }
}
