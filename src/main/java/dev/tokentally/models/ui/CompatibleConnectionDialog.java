package dev.tokentally.models.ui;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.models.CompatibleConnections;
import dev.tokentally.models.ProviderConnection;
import dev.tokentally.models.ProviderKind;

/**
 * Creates or edits an OpenAI-compatible connection: a name (its lower case is the prefix clients call its models by),
 * the server's address, an optional key, and its models with their prices, fetched from the server or typed.
 */
class CompatibleConnectionDialog extends Dialog {

    final Select<CompatibleConnections.Preset> preset = new Select<>();
    final TextField name = new TextField("Name");
    final TextField baseUrl = new TextField("Base URL");
    final PasswordField apiKey = new PasswordField("New API key");
    final TextArea models = new TextArea("Models");
    final IntegerField timeout = new IntegerField("Chat timeout (seconds)");
    final Checkbox enabled = new Checkbox("Enabled");

    CompatibleConnectionDialog(ProviderConnection connection, CompatibleConnections compatible, Runnable saved) {
        setHeaderTitle(connection == null ? "New OpenAI-compatible connection" : connection.displayName());
        preset.setLabel("Preset");
        preset.setItems(CompatibleConnections.PRESETS);
        preset.setItemLabelGenerator(item -> item == null ? "Another server" : item.name());
        preset.setEmptySelectionAllowed(true);
        preset.setEmptySelectionCaption("Another server");
        preset.setVisible(connection == null);
        preset.addValueChangeListener(change -> {
            if (change.getValue() != null) {
                name.setValue(change.getValue().name());
                baseUrl.setValue(change.getValue().baseUrl());
                models.setValue(compatible.catalogModels(change.getValue().name()));
            }
        });
        name.setValue(connection == null ? "" : connection.displayName());
        name.setReadOnly(connection != null);
        name.setHelperText("Clients call its models as <name in lower case>/<model>");
        baseUrl.setValue(connection == null || connection.baseUrl() == null ? "" : connection.baseUrl());
        baseUrl.setPlaceholder("https://api.groq.com/openai/v1");
        apiKey.setHelperText(connection != null && connection.hasApiKey() ? "Leave empty to keep the stored key ("
                + connection.apiKeyHint() + ")" : "Optional");
        apiKey.setRevealButtonVisible(false);
        models.setValue(connection == null ? "" : compatible.models(connection.code()));
        models.setHelperText("Comma-separated; a price is USD per million input/output tokens, as llama-3.1-8b=0.1/0.2; "
                + "a model without a price is recorded as unpriced, never at $0");
        timeout.setValue(connection == null ? 60 : connection.timeoutSeconds());
        timeout.setMin(1);
        timeout.setMax(600);
        enabled.setValue(connection == null || connection.enabled());
        Button fetch = new Button("Fetch models from the server", click -> {
            try {
                Set<String> listed = new LinkedHashSet<>();
                for (String entry : models.getValue().split(",")) {
                    if (!entry.isBlank()) {
                        listed.add(entry.trim());
                    }
                }
                Set<String> names = new LinkedHashSet<>(listed.stream().map(entry -> entry.split("=")[0]).toList());
                compatible.discover(baseUrl.getValue(), apiKey.getValue()).stream().filter(names::add).forEach(listed::add);
                models.setValue(String.join(",", listed));
                models.setInvalid(false);
            } catch (FieldRejectedException refused) {
                (refused.field().equals("baseUrl") ? baseUrl : models).setErrorMessage(refused.getMessage());
                (refused.field().equals("baseUrl") ? baseUrl : models).setInvalid(true);
            }
        });
        Button save = new Button("Save", click -> {
            String newKey = apiKey.getValue().isBlank() ? null : apiKey.getValue();
            if (Saving.attempt(() -> compatible.save(new CompatibleConnections.Change(name.getValue(), enabled.getValue(),
                            baseUrl.getValue(), newKey, models.getValue(), timeout.getValue() == null ? 0 : timeout.getValue())),
                    Map.of("name", name, "baseUrl", baseUrl, "newApiKey", apiKey, "models", models, "timeoutSeconds", timeout))) {
                saved.run();
                close();
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(new FormLayout(preset, name, baseUrl, apiKey, enabled, timeout, models, fetch));
        getFooter().add(new Button("Cancel", click -> close()), save);
        setWidth("40rem");
    }

    /** Opens this dialog from the Providers page. */
    @org.springframework.stereotype.Component
    static class Editor implements ConnectionEditor {

        private final CompatibleConnections compatible;

        Editor(CompatibleConnections compatible) {
            this.compatible = compatible;
        }

        @Override
        public ProviderKind kind() {
            return ProviderKind.COMPATIBLE;
        }

        @Override
        public void open(ProviderConnection connection, Runnable saved) {
            new CompatibleConnectionDialog(connection, compatible, saved).open();
        }
    }
}
