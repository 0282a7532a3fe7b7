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
import com.vaadin.flow.component.textfield.TextField;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.models.BedrockConnection;
import dev.tokentally.models.ProviderConnection;
import dev.tokentally.models.ProviderConnectionChange;
import dev.tokentally.models.ProviderKind;

/** Edits the Amazon Bedrock connection: its region, an access key pair (or the default AWS credentials), its endpoint. */
class BedrockConnectionDialog extends Dialog {

    final Checkbox enabled = new Checkbox("Enabled");
    final TextField region = new TextField("Region");
    final TextField accessKeyId = new TextField("Access key id");
    final PasswordField secret = new PasswordField("New secret access key");
    final TextField baseUrl = new TextField("Endpoint");
    final IntegerField timeout = new IntegerField("Chat timeout (seconds)");
    final Button save = new Button("Save");

    BedrockConnectionDialog(ProviderConnection connection, BedrockConnection bedrock, Runnable saved) {
        setHeaderTitle(connection.displayName());
        BedrockConnection.Settings stored = bedrock.settings().orElse(new BedrockConnection.Settings("", ""));
        enabled.setValue(connection.enabled());
        region.setValue(stored.region());
        region.setPlaceholder("us-east-1");
        accessKeyId.setValue(stored.accessKeyId() == null ? "" : stored.accessKeyId());
        accessKeyId.setHelperText("Empty: the default AWS credentials of the machine (environment, profile, instance role)");
        secret.setHelperText(connection.hasApiKey() ? "Leave empty to keep the stored secret (" + connection.apiKeyHint() + ")"
                : "No secret stored");
        secret.setRevealButtonVisible(false);
        baseUrl.setValue(connection.baseUrl() == null ? "" : connection.baseUrl());
        baseUrl.setHelperText("Empty: Bedrock's endpoint in the region; else a VPC endpoint or a proxy");
        timeout.setValue(connection.timeoutSeconds());
        timeout.setMin(1);
        timeout.setMax(600);
        save.addClickListener(click -> {
            ProviderConnectionChange change = new ProviderConnectionChange(enabled.getValue(), baseUrl.getValue(),
                    secret.getValue().isBlank() ? null : secret.getValue(), timeout.getValue() == null ? 0 : timeout.getValue());
            if (Saving.attempt(() -> bedrock.save(change, new BedrockConnection.Settings(region.getValue(), accessKeyId.getValue())),
                    Map.of("region", region, "accessKeyId", accessKeyId, "newApiKey", secret, "baseUrl", baseUrl,
                            "timeoutSeconds", timeout))) {
                saved.run();
                close();
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER);
        add(new FormLayout(enabled, region, accessKeyId, secret, baseUrl, timeout));
        getFooter().add(new Button("Cancel", click -> close()), save);
        setWidth("36rem");
    }

    /** Opens this dialog from the Providers page. */
    @org.springframework.stereotype.Component
    static class Editor implements ConnectionEditor {

        private final BedrockConnection bedrock;

        Editor(BedrockConnection bedrock) {
            this.bedrock = bedrock;
        }

        @Override
        public ProviderKind kind() {
            return ProviderKind.BEDROCK;
        }

        @Override
        public void open(ProviderConnection connection, Runnable saved) {
            new BedrockConnectionDialog(connection, bedrock, saved).open();
        }
    }
}
