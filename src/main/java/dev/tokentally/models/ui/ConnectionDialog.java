package dev.tokentally.models.ui;

import java.util.Map;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.models.AzureConnection;
import dev.tokentally.models.ProviderConnection;
import dev.tokentally.models.ProviderConnectionChange;
import dev.tokentally.models.ProviderConnections;
import dev.tokentally.models.ProviderKind;

/** Edits one built-in provider's connection, or Azure's with its api-version, deployments and preference. */
class ConnectionDialog extends Dialog {

    final TextField baseUrl = new TextField("Base URL");
    final PasswordField apiKey = new PasswordField("New API key");
    final TextField apiVersion = new TextField("API version");
    final TextArea deployments = new TextArea("Deployments");
    final Checkbox preferred = new Checkbox("Preferred for the catalog models it deploys");
    final TextField tenantId = new TextField("Entra ID tenant id");
    final TextField clientId = new TextField("Entra ID client id");

    ConnectionDialog(ProviderConnection connection, ProviderConnections connections, AzureConnection azure, Runnable saved) {
        boolean isAzure = connection.kind() == ProviderKind.AZURE;
        setHeaderTitle(connection.displayName());
        Checkbox enabled = new Checkbox("Enabled", connection.enabled());
        baseUrl.setPlaceholder(isAzure ? "https://your-resource.openai.azure.com" : connection.kind().defaultBaseUrl());
        baseUrl.setValue(connection.baseUrl() == null ? "" : connection.baseUrl());
        baseUrl.setHelperText(isAzure ? "The resource endpoint" : "Empty: the provider's own address");
        baseUrl.setVisible(connection.kind().hasBaseUrl());
        apiKey.setHelperText(connection.hasApiKey() ? "Leave empty to keep the stored key (" + connection.apiKeyHint() + ")"
                : "No key stored");
        apiKey.setRevealButtonVisible(false);
        apiKey.setVisible(connection.kind().needsApiKey());
        Checkbox removeKey = new Checkbox("Remove the stored key");
        removeKey.setVisible(connection.kind().needsApiKey() && connection.hasApiKey());
        IntegerField timeout = new IntegerField("Chat timeout (seconds)");
        timeout.setHelperText("For the chat; the gateway has its own timeouts (TOKENTALLY_GATEWAY_…_TIMEOUT).");
        timeout.setValue(connection.timeoutSeconds());
        timeout.setMin(1);
        timeout.setMax(600);
        timeout.setStepButtonsVisible(true);
        apiVersion.setValue(connection.apiVersion() == null ? "" : connection.apiVersion());
        apiVersion.setPlaceholder("2024-10-21");
        deployments.setValue(isAzure ? azure.deploymentsText() : "");
        deployments.setHelperText("deployment=catalog model, comma-separated, as prod-4o=gpt-4o,mini=gpt-4o-mini; each is "
                + "allowed and priced as its model, or at its own USD per million input/output(/cached input) tokens as "
                + "prod-4o=gpt-4o=2.25/9/1.1; clients call azure/<deployment>");
        preferred.setValue(connection.preferred());
        preferred.setTooltipText(ProvidersView.PREFERRED_RULE);
        // Microsoft Entra ID client credentials instead of an API key: the key field then takes the client secret.
        azure.entraId().filter(ids -> isAzure).ifPresent(ids -> {
            tenantId.setValue(ids.tenantId());
            clientId.setValue(ids.clientId());
        });
        tenantId.setHelperText("With a client id: Entra ID client credentials instead of an API key; the key field takes"
                + " the application's client secret");
        tenantId.setVisible(isAzure);
        clientId.setVisible(isAzure);
        apiVersion.setVisible(isAzure);
        deployments.setVisible(isAzure);
        preferred.setVisible(isAzure);
        Button save = new Button("Save", click -> {
            String newKey = removeKey.getValue() ? "" : apiKey.getValue().isBlank() ? null : apiKey.getValue();
            ProviderConnectionChange change = new ProviderConnectionChange(enabled.getValue(), baseUrl.getValue(), newKey,
                    timeout.getValue() == null ? 0 : timeout.getValue());
            boolean done = Saving.attempt(() -> {
                if (isAzure) {
                    azure.save(change, new AzureConnection.Settings(apiVersion.getValue(), deployments.getValue(),
                            preferred.getValue(), tenantId.getValue(), clientId.getValue()));
                } else {
                    connections.update(connection.kind(), change);
                }
            }, Map.of("baseUrl", baseUrl, "newApiKey", apiKey, "timeoutSeconds", timeout, "apiVersion", apiVersion,
                    "deployments", deployments, "tenantId", tenantId, "clientId", clientId));
            if (done) {
                saved.run();
                close();
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER);
        add(new FormLayout(enabled, baseUrl, apiKey, removeKey, timeout, apiVersion, deployments, preferred, tenantId, clientId));
        getFooter().add(new Button("Cancel", click -> close()), save);
        setWidth("36rem");
    }
}
