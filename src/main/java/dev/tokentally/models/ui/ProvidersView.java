package dev.tokentally.models.ui;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.models.ProviderCircuits;
import dev.tokentally.models.ProviderConnection;
import dev.tokentally.models.ProviderConnectionChange;
import dev.tokentally.models.ProviderConnections;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolationException;

/**
 * Platform admins switch chat providers on, point them at a base URL (a gateway, a self-hosted server)
 * and set their API key. A stored key is never shown again, only its last four characters.
 */
@Route("providers")
@PageTitle("Providers")
@Menu(order = 33, icon = "vaadin:plug", title = "Providers")
@RolesAllowed(Roles.PLATFORM_ADMIN)
public class ProvidersView extends VerticalLayout {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    final Grid<ProviderConnection> grid = new Grid<>();
    private final ProviderConnections connections;
    private final ProviderCircuits circuits;

    ProvidersView(ProviderConnections connections, ProviderCircuits circuits) {
        this.connections = connections;
        this.circuits = circuits;
        grid.addColumn(c -> c.kind().displayName()).setHeader("Provider").setAutoWidth(true);
        grid.addColumn(c -> c.enabled() ? status(c) : "Off")
                .setHeader("Status").setAutoWidth(true);
        grid.addColumn(c -> c.kind().hasBaseUrl() ? c.effectiveBaseUrl() : "offline").setHeader("Base URL").setAutoWidth(true);
        grid.addColumn(c -> !c.kind().needsApiKey() ? "not needed" : c.hasApiKey() ? "set (" + c.apiKeyHint() + ")" : "not set")
                .setHeader("API key").setAutoWidth(true);
        grid.addColumn(c -> c.timeoutSeconds() + " s").setHeader("Chat timeout").setAutoWidth(true);
        grid.addColumn(c -> WHEN.format(c.updatedAt()) + " by " + c.updatedBy()).setHeader("Changed").setAutoWidth(true);
        grid.addComponentColumn(c -> new Button("Edit", click -> edit(c))).setAutoWidth(true);
        grid.setAllRowsVisible(true);
        add(new Paragraph("Members can chat with a provider's models once it is enabled here and their organization "
                + "allows the models. Keys are stored encrypted and never shown again."), grid);
        refresh();
    }

    private void refresh() {
        grid.setItems(connections.list());
    }

    private String status(ProviderConnection connection) {
        List<String> paused = circuits.openModels(connection.kind());
        return paused.isEmpty() ? "Enabled" : "Enabled — paused after failures: " + String.join(", ", paused);
    }

    private void edit(ProviderConnection connection) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(connection.kind().displayName());
        Checkbox enabled = new Checkbox("Enabled", connection.enabled());
        TextField baseUrl = new TextField("Base URL");
        baseUrl.setPlaceholder(connection.kind().defaultBaseUrl());
        baseUrl.setValue(connection.baseUrl() == null ? "" : connection.baseUrl());
        baseUrl.setHelperText("Empty: the provider's own address");
        baseUrl.setVisible(connection.kind().hasBaseUrl());
        PasswordField apiKey = new PasswordField("New API key");
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
        Button save = new Button("Save", click -> {
            String newKey = removeKey.getValue() ? "" : apiKey.getValue().isBlank() ? null : apiKey.getValue();
            try {
                connections.update(connection.kind(), new ProviderConnectionChange(enabled.getValue(), baseUrl.getValue(),
                        newKey, timeout.getValue() == null ? 0 : timeout.getValue()));
            } catch (ConstraintViolationException invalid) {
                invalid.getConstraintViolations().forEach(violation -> {
                    String field = violation.getPropertyPath().toString();
                    if (field.endsWith("baseUrl")) {
                        baseUrl.setErrorMessage(violation.getMessage());
                        baseUrl.setInvalid(true);
                    } else if (field.endsWith("timeoutSeconds")) {
                        timeout.setErrorMessage(violation.getMessage());
                        timeout.setInvalid(true);
                    } else {
                        apiKey.setErrorMessage(violation.getMessage());
                        apiKey.setInvalid(true);
                    }
                });
                return;
            } catch (IllegalArgumentException refused) {
                Saving.showError(refused.getMessage());
                return;
            }
            circuits.reset();
            refresh();
            dialog.close();
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER);
        dialog.add(new FormLayout(enabled, baseUrl, apiKey, removeKey, timeout));
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), save);
        dialog.setWidth("36rem");
        dialog.open();
    }
}
