package dev.tokentally.models.ui;

import java.util.Map;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.models.OwnCompatibleConnections;
import dev.tokentally.models.ProviderConnection;

/**
 * On the own-providers page: adds or changes one of the organization's own OpenAI-compatible servers (a team's vLLM,
 * its own Groq key) with its models and the organization's prices for them; a model without a price stays unpriced.
 */
class OwnCompatibleForm extends VerticalLayout {

    final TextField name = new TextField("Name");
    final TextField baseUrl = new TextField("Base URL");
    final PasswordField apiKey = new PasswordField("API key (optional)");
    final TextArea models = new TextArea("Models");
    final IntegerField timeout = new IntegerField("Timeout (seconds)");
    final Button save = new Button("Save server");

    private final OwnCompatibleConnections compatible;
    private final long organizationId;

    OwnCompatibleForm(OwnCompatibleConnections compatible, long organizationId, Runnable saved) {
        this.compatible = compatible;
        this.organizationId = organizationId;
        setPadding(false);
        name.setHelperText("Lower case, as groq or team-vllm; clients call its models as <organization>:<name>/<model>");
        baseUrl.setPlaceholder("http://vllm.internal:8000/v1");
        apiKey.setRevealButtonVisible(false);
        models.setHelperText("Comma-separated; a price is USD per million input/output tokens, as llama-3.1-8b=0.1/0.2; "
                + "a model without one is recorded unpriced, never at $0. Only this organization sees these prices.");
        timeout.setMin(1);
        timeout.setMax(600);
        timeout.setValue(60);
        save.addClickListener(click -> {
            String newKey = apiKey.getValue().isBlank() ? null : apiKey.getValue();
            if (Saving.attempt(() -> compatible.save(organizationId, new OwnCompatibleConnections.Change(name.getValue(),
                            baseUrl.getValue(), newKey, models.getValue(), timeout.getValue() == null ? 0 : timeout.getValue())),
                    Map.of("name", name, "baseUrl", baseUrl, "apiKey", apiKey, "models", models, "timeoutSeconds", timeout))) {
                apiKey.clear();
                saved.run();
            }
        });
        add(new H3("Add or change an OpenAI-compatible server"), new FormLayout(name, baseUrl, apiKey, models, timeout), save);
    }

    /** Fills the form with that connection of the organization's. */
    void edit(ProviderConnection connection) {
        name.setValue(connection.code().substring(connection.code().indexOf(':') + 1));
        baseUrl.setValue(connection.effectiveBaseUrl());
        apiKey.clear();
        apiKey.setHelperText(connection.hasApiKey() ? "Leave empty to keep the stored key (" + connection.apiKeyHint() + ")" : "");
        models.setValue(compatible.models(organizationId, connection.code()));
        timeout.setValue(connection.timeoutSeconds());
    }
}
