package dev.tokentally.requests.ui;

import java.time.format.DateTimeFormatter;
import java.util.function.Function;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import dev.tokentally.requests.LoggedRequest;
import dev.tokentally.requests.RequestLogQueries;

/** One call in full: every field of its row, and its bodies when they were stored. */
final class RequestDetails {

    private RequestDetails() {
    }

    static Dialog open(LoggedRequest listed, long organizationId, RequestLogQueries queries,
                       Function<LoggedRequest, String> caller, DateTimeFormatter when) {
        LoggedRequest row = queries.find(organizationId, listed.id()).orElse(listed);
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Call " + row.id());
        FormLayout fields = new FormLayout();
        fields.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("32rem", 2));
        field(fields, "Time", when.format(row.occurredAt()));
        field(fields, "Key or member", caller.apply(row));
        field(fields, "Agent", row.caller().agentName());
        field(fields, "Model", row.route().model());
        field(fields, "Connection", row.route().connection());
        field(fields, "Wire format", row.route().wireFormat());
        field(fields, "Endpoint", row.route().endpoint());
        field(fields, "Status", String.valueOf(row.outcome().status()));
        field(fields, "Error", row.outcome().errorCode() == null ? null
                : row.outcome().errorCode() + (row.outcome().errorMessage() == null ? "" : ": " + row.outcome().errorMessage()));
        field(fields, "Latency", row.timing().latencyMs() + " ms");
        field(fields, "Time to first byte", row.timing().ttftMs() == null ? null : row.timing().ttftMs() + " ms");
        field(fields, "Streamed", row.timing().streamed() ? "yes" : "no");
        field(fields, "Input tokens", String.valueOf(row.tokens().input()));
        field(fields, "Cached input tokens", String.valueOf(row.tokens().cachedInput()));
        field(fields, "Cache write tokens", String.valueOf(row.cacheWriteTokens()));
        field(fields, "Output tokens", String.valueOf(row.tokens().output()));
        field(fields, "Reasoning tokens", String.valueOf(row.tokens().reasoning()));
        field(fields, "Cost", RequestsView.cost(row));
        field(fields, "Cache hit", row.cacheHit() ? "yes" : "no");
        field(fields, "Tags", String.join(", ", row.tags()));
        field(fields, "Ledger event", row.billing().usageEventId() == null ? null : row.billing().usageEventId().toString());
        dialog.add(fields);
        if (row.bodies() != null) {
            body(dialog, "Request body", row.bodies().request());
            body(dialog, "Response body", row.bodies().response());
        }
        dialog.getFooter().add(new Button("Close", click -> dialog.close()));
        dialog.setWidth("min(48rem, 95vw)");
        dialog.open();
        return dialog;
    }

    private static void field(FormLayout fields, String label, String value) {
        Span text = new Span(value == null || value.isEmpty() ? "—" : value);
        text.setId("request-" + label.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        fields.addFormItem(text, label);
    }

    private static void body(Dialog dialog, String title, String body) {
        if (body == null) {
            return;
        }
        Pre text = new Pre(body);
        text.getStyle().set("white-space", "pre-wrap").set("max-height", "16rem").set("overflow", "auto");
        dialog.add(new H4(title), text);
    }
}
