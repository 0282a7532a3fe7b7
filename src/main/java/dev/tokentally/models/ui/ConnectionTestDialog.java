package dev.tokentally.models.ui;

import java.util.Locale;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import dev.tokentally.models.ConnectionCheck;
import dev.tokentally.models.ProviderConnection;
import dev.tokentally.models.ProviderKind;

/** "Test connection": one tiny call through the connection, then its answer, tokens and cost, or the provider's error. */
class ConnectionTestDialog extends Dialog {

    final TextField model = new TextField();
    final Paragraph result = new Paragraph();

    ConnectionTestDialog(ProviderConnection connection, ConnectionCheck check, String defaultModel) {
        this(connection, name -> check.run(connection.code(), name), defaultModel);
    }

    /** {@code check}: the call through the connection with the model entered. */
    ConnectionTestDialog(ProviderConnection connection, java.util.function.Function<String, ConnectionCheck.Result> check,
                         String defaultModel) {
        setHeaderTitle("Test " + connection.displayName());
        model.setLabel(connection.kind() == ProviderKind.AZURE ? "Deployment" : "Model");
        model.setValue(defaultModel);
        model.setHelperText("One call of at most " + ConnectionCheck.MAX_OUTPUT_TOKENS + " output tokens; charged to no organization");
        Button call = new Button("Call", click -> result.setText(describe(check.apply(model.getValue()))));
        call.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(new VerticalLayout(model, result));
        getFooter().add(new Button("Close", click -> close()), call);
        setWidth("32rem");
    }

    static String describe(ConnectionCheck.Result outcome) {
        if (!outcome.ok()) {
            return "Failed: " + outcome.error();
        }
        String tokens = outcome.tokens() == null ? "no usage reported"
                : outcome.tokens().input() + " input + " + outcome.tokens().output() + " output tokens";
        String cost = outcome.cost() == null ? "unpriced" : "USD " + String.format(Locale.ROOT, "%.8f", outcome.cost())
                .replaceAll("0+$", "").replaceAll("\\.$", "");
        return "Answered \"" + outcome.answer() + "\" · " + tokens + " · cost " + cost;
    }
}
