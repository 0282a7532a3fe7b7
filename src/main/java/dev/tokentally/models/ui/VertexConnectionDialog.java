package dev.tokentally.models.ui;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.streams.UploadHandler;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.models.ProviderConnection;
import dev.tokentally.models.ProviderConnectionChange;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.models.VertexConnection;

/** Edits Google Vertex AI's connection: project, region and a service account's JSON key, which is never shown back. */
class VertexConnectionDialog extends Dialog {

    final Checkbox enabled = new Checkbox("Enabled");
    final TextField project = new TextField("Project");
    final TextField region = new TextField("Region");
    final TextArea serviceAccountJson = new TextArea("New service account key (JSON)");
    final Upload keyFile = new Upload();
    final TextField baseUrl = new TextField("Base URL");
    final Checkbox preferred = new Checkbox("Preferred for the catalog's Gemini and Claude models");

    VertexConnectionDialog(ProviderConnection connection, VertexConnection vertex, Runnable saved) {
        setHeaderTitle(connection.displayName());
        VertexConnection.Settings stored = vertex.settings();
        enabled.setValue(connection.enabled());
        project.setValue(stored.project() == null ? "" : stored.project());
        project.setPlaceholder("my-project-123");
        region.setValue(stored.region() == null ? "" : stored.region());
        region.setPlaceholder("europe-west4");
        serviceAccountJson.setHelperText(connection.hasApiKey() ? "Leave empty to keep the stored key" : "Paste the JSON key"
                + " of a service account with the Vertex AI User role (IAM → Service accounts → Keys)");
        serviceAccountJson.setMaxLength(20_000);
        // An uploaded key file fills the field, as if pasted; it is saved with the rest.
        keyFile.setUploadHandler(UploadHandler.inMemory((metadata, content) -> {
            UI ui = UI.getCurrent();
            ui.access(() -> serviceAccountJson.setValue(new String(content, StandardCharsets.UTF_8)));
        }));
        keyFile.setAcceptedFileTypes(".json", "application/json");
        keyFile.setMaxFiles(1);
        keyFile.setMaxFileSize(20_000);
        baseUrl.setValue(connection.baseUrl() == null ? "" : connection.baseUrl());
        baseUrl.setHelperText("Empty: the region's own address, https://<region>-aiplatform.googleapis.com");
        preferred.setValue(stored.preferred());
        preferred.setTooltipText(ProvidersView.PREFERRED_RULE);
        IntegerField timeout = new IntegerField("Chat timeout (seconds)");
        timeout.setValue(connection.timeoutSeconds());
        timeout.setMin(1);
        timeout.setMax(600);
        Button save = new Button("Save", click -> {
            ProviderConnectionChange change = new ProviderConnectionChange(enabled.getValue(), baseUrl.getValue(), null,
                    timeout.getValue() == null ? 0 : timeout.getValue());
            boolean done = Saving.attempt(() -> vertex.save(change, new VertexConnection.Settings(project.getValue(),
                            region.getValue(), serviceAccountJson.getValue().isBlank() ? null : serviceAccountJson.getValue(),
                            preferred.getValue())),
                    Map.of("project", project, "region", region, "serviceAccountJson", serviceAccountJson, "baseUrl", baseUrl,
                            "timeoutSeconds", timeout));
            if (done) {
                saved.run();
                close();
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(new FormLayout(enabled, project, region, serviceAccountJson, keyFile, baseUrl, preferred, timeout));
        getFooter().add(new Button("Cancel", click -> close()), save);
        setWidth("40rem");
    }

    /** Opens this dialog from the Providers page. */
    @org.springframework.stereotype.Component
    static class Editor implements ConnectionEditor {

        private final VertexConnection vertex;

        Editor(VertexConnection vertex) {
            this.vertex = vertex;
        }

        @Override
        public ProviderKind kind() {
            return ProviderKind.VERTEX;
        }

        @Override
        public void open(ProviderConnection connection, Runnable saved) {
            new VertexConnectionDialog(connection, vertex, saved).open();
        }
    }
}
