package dev.tokentally.models.ui;

import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.DateText;
import dev.tokentally.base.ui.GridFit;
import dev.tokentally.models.AzureConnection;
import dev.tokentally.models.CompatibleConnections;
import dev.tokentally.models.ConnectionCheck;
import dev.tokentally.models.NamedConnections;
import dev.tokentally.models.ProviderCircuits;
import dev.tokentally.models.ProviderConnection;
import dev.tokentally.models.ProviderConnections;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.models.ProviderTypes;
import jakarta.annotation.security.RolesAllowed;

/**
 * Platform admins switch connections on, point them at a base URL (a gateway, a self-hosted server) and set their
 * API key; add OpenAI-compatible servers; map Azure deployments; and test a connection with one tiny call. A stored key
 * is never shown again, only its last four characters.
 */
@Route("providers")
@PageTitle("Providers")
@Menu(order = 33, icon = "vaadin:plug", title = "Providers")
@RolesAllowed(Roles.PLATFORM_ADMIN)
public class ProvidersView extends VerticalLayout {

    static final String PREFERRED_RULE = "A catalog model served by both its own provider and an Azure deployment goes to "
            + "Azure when Azure is marked preferred, else to its own provider; azure/<deployment> always goes to Azure. "
            + "Gemini and Claude models go to Google Vertex AI when Vertex is marked preferred; vertex/<model> always goes to Vertex.";

    final Grid<ProviderConnection> grid = new Grid<>();
    final Button addCompatible = new Button("Add OpenAI-compatible connection");
    final Button addNamed = new Button("Add another connection of a provider");
    private final ProviderConnections connections;
    private final CompatibleConnections compatible;
    private final AzureConnection azure;
    private final ConnectionCheck check;
    private final ProviderCircuits circuits;
    private final NamedConnections named;
    private final ProviderTypes types;
    private final Map<ProviderKind, ConnectionEditor> editors = new EnumMap<>(ProviderKind.class);

    ProvidersView(ProviderConnections connections, CompatibleConnections compatible, AzureConnection azure,
                  ConnectionCheck check, ProviderCircuits circuits, NamedConnections named, ProviderTypes types,
                  List<ConnectionEditor> editors) {
        this.named = named;
        this.types = types;
        editors.forEach(editor -> this.editors.put(editor.kind(), editor));
        this.connections = connections;
        this.compatible = compatible;
        this.azure = azure;
        this.check = check;
        this.circuits = circuits;
        grid.addColumn(c -> c.name() == null ? c.displayName() : c.name() + " · " + c.kind().displayName())
                .setHeader("Provider").setAutoWidth(true);
        grid.addColumn(c -> c.enabled() ? status(c) : "Off")
                .setHeader("Status").setAutoWidth(true);
        Grid.Column<ProviderConnection> baseUrl = grid.addColumn(c -> c.kind().hasBaseUrl() ? c.kind() == ProviderKind.BEDROCK
                        && c.baseUrl() == null ? "the region's" : orNone(c.effectiveBaseUrl()) : "offline")
                .setHeader("Base URL");
        grid.addColumn(c -> !c.kind().needsApiKey() && !c.hasApiKey() ? "not needed" : c.hasApiKey() ? "set (" + c.apiKeyHint() + ")" : "not set")
                .setHeader("API key").setAutoWidth(true);
        grid.addColumn(c -> c.timeoutSeconds() + " s").setHeader("Chat timeout").setAutoWidth(true);
        Grid.Column<ProviderConnection> changed = grid.addColumn(c -> DateText.format(c.updatedAt(), ZoneOffset.UTC) + " by " + c.updatedBy())
                .setHeader(DateText.header("Changed", ZoneOffset.UTC));
        grid.addComponentColumn(c -> new Button("Edit", click -> edit(c))).setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(c -> new Button("Test connection", click -> new ConnectionTestDialog(c, check,
                defaultModel(c)).open())).setAutoWidth(true).setFlexGrow(0);
        GridFit.wrap(grid, baseUrl, changed);
        grid.setAllRowsVisible(true);
        addCompatible.addClickListener(click -> new CompatibleConnectionDialog(null, compatible, this::saved).open());
        addNamed.addClickListener(click -> new NamedConnectionDialog(null, named, this::saved).open());
        add(new Paragraph("Members can chat with a provider's models once it is enabled here and their organization "
                + "allows the models. Keys are stored encrypted and never shown again."), new Paragraph(PREFERRED_RULE),
                new HorizontalLayout(addCompatible, addNamed), grid);
        refresh();
    }

    private void refresh() {
        grid.setItems(connections.list());
    }

    private void saved() {
        circuits.reset();
        refresh();
    }

    private String status(ProviderConnection connection) {
        List<String> paused = circuits.openModels(connection.code());
        String enabled = connection.preferred() ? "Enabled, preferred" : "Enabled";
        return paused.isEmpty() ? enabled : enabled + " — paused after failures: " + String.join(", ", paused);
    }

    private void edit(ProviderConnection connection) {
        if (editors.containsKey(connection.kind())) {
            editors.get(connection.kind()).open(connection, this::saved);
        } else if (NamedConnections.named(connection)) {
            new NamedConnectionDialog(connection, named, this::saved).open();
        } else {
            new ConnectionDialog(connection, connections, azure, this::saved).open();
        }
    }

    /** The model a test calls unless the admin names another: the connection's first, or a small one of the provider. */
    private String defaultModel(ProviderConnection connection) {
        return types.of(connection.kind()).sampleModel(connection.code());
    }

    private static String orNone(String url) {
        return url == null ? "not set" : url;
    }
}
