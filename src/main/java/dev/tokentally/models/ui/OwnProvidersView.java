package dev.tokentally.models.ui;

import java.util.Map;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.models.ConnectionCheck;
import dev.tokentally.models.OrganizationConnections;
import dev.tokentally.models.OwnCompatibleConnections;
import dev.tokentally.models.ProviderConnection;
import dev.tokentally.models.ProviderKind;
import jakarta.annotation.security.RolesAllowed;

/**
 * An organization's own provider connections (bring your own key): organization admins add one per kind with the
 * organization's key (an Azure OpenAI resource with its api-version and deployments too), say whether it goes before
 * the platform's, test it, and remove it. Keys are never shown back.
 */
@Route("own-providers")
@PageTitle("Own providers")
@Menu(order = 27.5, icon = "vaadin:key", title = "Own providers")
@RolesAllowed(Roles.ORG_ADMIN)
public class OwnProvidersView extends VerticalLayout {

    final Grid<ProviderConnection> grid = new Grid<>();
    final Select<ProviderKind> kind = new Select<>();
    final TextField baseUrl = new TextField("Base URL");
    final PasswordField apiKey = new PasswordField("API key");
    final IntegerField timeout = new IntegerField("Timeout (seconds)");
    final TextField apiVersion = new TextField("API version");
    final TextArea deployments = new TextArea("Deployments");
    final Checkbox preferred = new Checkbox("Use it before the platform's connection for the models it serves");
    final Button save = new Button("Save");
    final OwnCompatibleForm compatibleForm;

    private final OrganizationConnections connections;
    private final long organizationId;

    OwnProvidersView(OrganizationConnections connections, OwnCompatibleConnections compatible, ConnectionCheck check,
                     CurrentUser currentUser) {
        this.connections = connections;
        this.organizationId = currentUser.require().organizationId();
        this.compatibleForm = new OwnCompatibleForm(compatible, organizationId, this::refresh);
        kind.setLabel("Provider");
        kind.setItems(OrganizationConnections.KINDS);
        kind.setItemLabelGenerator(ProviderKind::displayName);
        kind.addValueChangeListener(change -> edit(change.getValue()));
        baseUrl.setHelperText("Empty: the provider's own address");
        apiVersion.setPlaceholder("2024-10-21");
        deployments.setHelperText("deployment=catalog model, comma-separated, as prod-4o=gpt-4o,mini=gpt-4o-mini; each is "
                + "allowed and priced as its model; clients call <connection>/<model>, as acme:azure/gpt-4o");
        showAzure(false);
        apiKey.setRevealButtonVisible(false);
        timeout.setMin(1);
        timeout.setMax(600);
        timeout.setValue(60);
        preferred.setValue(true);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(click -> {
            String newKey = apiKey.getValue().isBlank() ? null : apiKey.getValue();
            if (Saving.attempt(() -> connections.save(organizationId, new OrganizationConnections.Change(kind.getValue(),
                            baseUrl.getValue(), newKey, timeout.getValue() == null ? 0 : timeout.getValue(), preferred.getValue(),
                            apiVersion.getValue(), deployments.getValue())),
                    Map.of("kind", kind, "baseUrl", baseUrl, "apiKey", apiKey, "timeoutSeconds", timeout, "apiVersion", apiVersion,
                            "deployments", deployments))) {
                apiKey.clear();
                refresh();
            }
        });

        grid.addColumn(c -> c.kind().displayName()).setHeader("Provider").setAutoWidth(true);
        grid.addColumn(ProviderConnection::code).setHeader("Connection (in the usage ledger and as a model prefix)").setAutoWidth(true);
        grid.addColumn(ProviderConnection::effectiveBaseUrl).setHeader("Base URL").setAutoWidth(true);
        grid.addColumn(c -> c.hasApiKey() ? c.apiKeyHint() : "none").setHeader("Key").setAutoWidth(true);
        grid.addColumn(c -> c.preferred() ? "Own first" : "Platform's first").setHeader("Order").setAutoWidth(true);
        grid.addComponentColumn(c -> new HorizontalLayout(
                new Button("Edit", click -> {
                    if (c.kind() == ProviderKind.COMPATIBLE) {
                        compatibleForm.edit(c);
                    } else {
                        kind.setValue(c.kind());
                    }
                }),
                new Button("Test connection", click -> new ConnectionTestDialog(c,
                        model -> check.runOwn(organizationId, c.code(), model), "").open()),
                new Button("Remove", click -> {
                    connections.remove(organizationId, c.code());
                    refresh();
                }))).setAutoWidth(true);
        grid.setEmptyStateText("No own connections: every call goes through the platform's.");
        add(new Paragraph("Connect the organization's own provider accounts. Calls for the models a connection serves go "
                        + "through it (when it comes first) and are recorded under its name, priced at the catalog's prices. "
                        + "Clients pick a connection explicitly with its prefix, as acme:openai/gpt-4o-mini or openai/gpt-4o-mini "
                        + "for the platform's."), grid,
                new H3("Add or change a connection"), new FormLayout(kind, baseUrl, apiKey, timeout, apiVersion, deployments,
                        preferred), save, compatibleForm);
        refresh();
    }

    /** Fills the form with the organization's connection of that kind, or a new one. */
    private void edit(ProviderKind selected) {
        ProviderConnection existing = connections.list(organizationId).stream().filter(c -> c.kind() == selected).findFirst()
                .orElse(null);
        baseUrl.setValue(existing == null || existing.baseUrl() == null ? "" : existing.baseUrl());
        apiKey.clear();
        apiKey.setHelperText(existing != null && existing.hasApiKey() ? "Leave empty to keep the stored key ("
                + existing.apiKeyHint() + ")" : "");
        timeout.setValue(existing == null ? 60 : existing.timeoutSeconds());
        preferred.setValue(existing == null || existing.preferred());
        showAzure(selected == ProviderKind.AZURE);
        apiVersion.setValue(existing == null || existing.apiVersion() == null ? "" : existing.apiVersion());
        deployments.setValue(selected == ProviderKind.AZURE ? connections.deploymentsText(organizationId) : "");
    }

    private void showAzure(boolean azure) {
        apiVersion.setVisible(azure);
        deployments.setVisible(azure);
        baseUrl.setHelperText(azure ? "The resource endpoint, as https://your-resource.openai.azure.com"
                : "Empty: the provider's own address");
    }

    private void refresh() {
        grid.setItems(connections.list(organizationId));
    }
}
