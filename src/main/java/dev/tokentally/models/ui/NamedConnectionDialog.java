package dev.tokentally.models.ui;

import java.util.Map;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.models.NamedConnections;
import dev.tokentally.models.ProviderConnection;
import dev.tokentally.models.ProviderConnectionChange;
import dev.tokentally.models.ProviderKind;

/**
 * Adds or edits a named connection of a kind that has its own already (a second OpenAI key as {@code openai-eu}), or
 * removes it: its kind and name are fixed once added.
 */
class NamedConnectionDialog extends Dialog {

    final Select<ProviderKind> kind = new Select<>();
    final TextField name = new TextField("Name");
    final TextField baseUrl = new TextField("Base URL");
    final PasswordField apiKey = new PasswordField("New API key");
    final IntegerField timeout = new IntegerField("Chat timeout (seconds)");
    final Checkbox enabled = new Checkbox("Enabled");
    final Button remove = new Button("Remove");

    NamedConnectionDialog(ProviderConnection connection, NamedConnections named, Runnable saved) {
        setHeaderTitle(connection == null ? "New connection" : connection.code() + " · " + connection.kind().displayName());
        kind.setLabel("Kind");
        kind.setItems(NamedConnections.KINDS);
        kind.setItemLabelGenerator(ProviderKind::displayName);
        kind.setValue(connection == null ? ProviderKind.OPENAI : connection.kind());
        kind.setReadOnly(connection != null);
        name.setValue(connection == null ? "" : connection.code());
        name.setReadOnly(connection != null);
        name.setPlaceholder("openai-eu");
        name.setHelperText("Lower case, as openai-eu; clients pick it as <name>/<model> (openai-eu/gpt-4o-mini), "
                + "a catalog name alone goes to the kind's own connection");
        baseUrl.setValue(connection == null || connection.baseUrl() == null ? "" : connection.baseUrl());
        baseUrl.setHelperText("Empty: the provider's own address");
        apiKey.setHelperText(connection != null && connection.hasApiKey() ? "Leave empty to keep the stored key ("
                + connection.apiKeyHint() + ")" : "No key stored");
        apiKey.setRevealButtonVisible(false);
        timeout.setValue(connection == null ? 60 : connection.timeoutSeconds());
        timeout.setMin(1);
        timeout.setMax(600);
        enabled.setValue(connection == null || connection.enabled());
        Button save = new Button("Save", click -> {
            ProviderConnectionChange change = new ProviderConnectionChange(enabled.getValue(), baseUrl.getValue(),
                    apiKey.getValue().isBlank() ? null : apiKey.getValue(), timeout.getValue() == null ? 0 : timeout.getValue());
            if (Saving.attempt(() -> {
                if (connection == null) {
                    named.add(kind.getValue(), name.getValue(), change);
                } else {
                    named.update(connection.code(), change);
                }
            }, Map.of("kind", kind, "name", name, "baseUrl", baseUrl, "newApiKey", apiKey, "timeoutSeconds", timeout))) {
                saved.run();
                close();
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        remove.addThemeVariants(ButtonVariant.LUMO_ERROR);
        remove.setVisible(connection != null);
        remove.addClickListener(click -> {
            if (Saving.attempt(() -> named.remove(connection.code()), Map.of())) {
                saved.run();
                close();
            }
        });
        add(new FormLayout(kind, name, baseUrl, apiKey, enabled, timeout));
        getFooter().add(remove, new Button("Cancel", click -> close()), save);
        setWidth("36rem");
    }
}
